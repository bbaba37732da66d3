import Foundation
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Two SwiftLVS directors (`lvs director` + `lvs keepalived` each, Fixtures/failover's
/// keepalived.conf) in front of DR and NAT real servers: long downloads and a stream of new
/// requests run through the VIPs while the master is SIGKILLed (node crash) or stopped (SIGTERM,
/// a planned switch), and later comes back. Every download must finish byte for byte; new
/// requests must be served again
/// within VRRP's bound (3 x advert_int + skew).
extension DirectorLabTests {
    @Suite(
        "Two directors: VRRP failover with synced connections", .serialized,
        .enabled(if: LVSBinary.url != nil, "needs the built lvs binary"),
        // `lvs director --interface` installs its nftables guard and refuses to start without nft.
        requireTool("nft", package: "nftables"))
    struct FailoverLabTests {
        static let dr = LabTopology.virtualAddress
        static let nat = LabTopology.virtualAddressNAT
        static let template = RepositoryPaths.fixtures.appendingPathComponent("failover/keepalived.conf.in")
        /// 64 KiB every 20 ms: 30 s, long enough to span the crash and the return.
        static let chunks = 1500
        static let size = LongTransferLabTests.chunk * chunks
        static let transfersPerVIP = 4
        /// VRRP's bound for the backup (priority 100, advert_int 1): 3 x 1 s + (256 - 100) / 256 s.
        static let failoverBound = 3.0 + 156.0 / 256.0
        /// What the client's measurement adds to a bound: one try's connect timeout and pause
        /// (0.6 s), and the address handover through the control socket and the GARP.
        static let measurementSlack = 1.0

        /// One director of the pair: its daemon, its `lvs keepalived` and that one's log.
        final class Node {
            let host: LabHost
            let name: String
            let state: String
            let priority: Int
            let preempt: Bool
            var director: DirectorDaemon?
            var keepalived: ChildProcess?
            let log: LabOutputFile

            init(host: LabHost, state: String, priority: Int, preempt: Bool) throws {
                self.host = host
                name = host.name
                self.state = state
                self.priority = priority
                self.preempt = preempt
                log = try LabOutputFile()
            }

            /// What a crash leaves: the director's sandbox with its state file.
            var leftSandbox: DirectorSandbox?

            func start() throws {
                let director = try DirectorDaemon(host, interfaces: ["eth0", "eth1"], sandbox: leftSandbox)
                self.director = director
                let config = director.sandbox.directory.appendingPathComponent("keepalived.conf")
                let text = try String(contentsOf: FailoverLabTests.template, encoding: .utf8)
                    .replacingOccurrences(of: "@STATE@", with: state)
                    .replacingOccurrences(of: "@PRIORITY@", with: "\(priority)")
                    .replacingOccurrences(of: "@PREEMPT@", with: preempt ? "" : "nopreempt")
                    .replacingOccurrences(of: "@ROUTER_ID@", with: name)
                try text.write(to: config, atomically: true, encoding: .utf8)
                let lvs = try #require(LVSBinary.path)
                let sandbox = director.sandbox.directory
                keepalived = try host.start(
                    [
                        lvs, "keepalived", "-f", config.path, "--control-socket", director.sandbox.socketPath,
                        "-p", sandbox.appendingPathComponent("keepalived.pid").path,
                        "--status-file", sandbox.appendingPathComponent("keepalived.status").path,
                    ],
                    stderr: log.fd)
            }

            /// A node crash: both processes SIGKILLed, nothing said to anyone. The state file
            /// stays: the director restarts with the table and with the VRRP addresses released.
            func crash() {
                _ = keepalived?.terminate(signal: SIGKILL)
                _ = director?.process.terminate(signal: SIGKILL)
                leftSandbox = director?.sandbox
                keepalived = nil
                director = nil
            }

            func stop() {
                _ = keepalived?.terminate()
                director?.stop()
                keepalived = nil
                director = nil
            }

            func ipvsadm(_ arguments: String...) throws -> String {
                guard let director else { return "" }
                let out = try host.exec(director.sandbox.envPrefix + ["ipvsadm"] + arguments)
                return out.status == 0 ? out.stdout : ""
            }

            var mac: String { host.primary.mac.description }
        }

        /// Counts gratuitous ARPs (sender address = target address) on the client's eth0, one
        /// line "TIME SENDER-MAC ADDRESS" each.
        static let garpCounter = [
            "python3", "-c",
            """
            import socket, time, sys
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))
            s.bind(('eth0', 0))
            while True:
                f = s.recv(2048)
                if len(f) < 42: continue
                spa, tpa = f[28:32], f[38:42]
                if spa == tpa:
                    mac = ':'.join('%02x' % b for b in f[22:28])
                    print('%.3f %s %s' % (time.time(), mac, socket.inet_ntoa(spa)), flush=True)
            """,
        ]

        /// New HTTP GETs to each VIP, one thread per VIP, 100 ms apart ("START-TIME VIP ok|fail"
        /// per try). The connect timeout, 0.5 s, is shorter than TCP's first SYN retransmission
        /// (1 s): a try that succeeds was answered at once, so its start time is a time the VIP
        /// was served, and the outage is measured to within 0.6 s.
        static func requestLoop(_ vips: [String]) -> [String] {
            [
                "python3", "-c",
                """
                import socket, time, threading
                lock = threading.Lock()
                def loop(vip):
                    while True:
                        ok = 'fail'
                        start = time.time()
                        try:
                            s = socket.create_connection((vip, 80), timeout=0.5)
                            s.settimeout(5)
                            s.sendall(b'GET / HTTP/1.0\\r\\n\\r\\n')
                            if b' 200 ' in s.recv(4096): ok = 'ok'
                            s.close()
                        except OSError: pass
                        with lock: print('%.3f %s %s' % (start, vip, ok), flush=True)
                        time.sleep(0.1)
                for vip in [\(vips.map { "'\($0)'" }.joined(separator: ", "))]:
                    threading.Thread(target=loop, args=(vip,), daemon=True).start()
                while True: time.sleep(1)
                """,
            ]
        }

        /// Polls `condition` every 100 ms for at most `seconds`.
        static func waitUntil(seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
            for _ in 0..<Int(seconds * 10) {
                if try condition() { return true }
                usleep(100_000)
            }
            return try condition()
        }

        /// The MAC the client's kernel has for `address` now (after a connect, which resolves it).
        static func neighbourMAC(_ client: LabHost, _ address: String) throws -> String? {
            _ = try connects(client, address)
            let out = try client.exec(["ip", "neigh", "show", address])
            let fields = out.stdout.split(separator: " ")
            guard let i = fields.firstIndex(of: "lladdr"), i + 1 < fields.count else { return nil }
            return String(fields[i + 1])
        }

        /// Whether one TCP connect from `client` to `vip`:80 succeeds within a second.
        static func connects(_ client: LabHost, _ vip: String) throws -> Bool {
            let probe = "import socket; socket.create_connection(('\(vip)', 80), timeout=1).close()"
            return try client.exec(["python3", "-c", probe]).status == 0
        }

        /// What the hosts' tables say, for a failure message.
        static func diagnostics(_ lab: DirectorLab, _ node: Node) throws -> String {
            var out = "director table:\n" + (try node.ipvsadm("-L", "-n", "-c"))
            for host in ["client", "rs3", node.name] {
                out += "\n\(host) neighbours:\n" + (try lab[host].exec(["ip", "neigh"]).stdout)
            }
            return out
        }

        /// Connections to `vip` in `ipvsadm -L -n -c` output that are ESTABLISHED.
        static func established(_ listing: String, vip: String) -> Int {
            listing.split(separator: "\n").filter { $0.contains("ESTABLISHED") && $0.contains(vip + ":80") }.count
        }

        /// How the master goes away, and whether the returning one preempts.
        struct Case: Sendable, CustomTestStringConvertible {
            let planned: Bool
            let preempt: Bool
            var testDescription: String { (planned ? "SIGTERM" : "SIGKILL") + (preempt ? ", preempt" : ", nopreempt") }
            /// A crash: Master_Down_Interval. A planned stop: the master says priority 0, and the
            /// backup waits Skew_Time only.
            var bound: Double { planned ? 156.0 / 256.0 : FailoverLabTests.failoverBound }
        }

        @Test(
            "the master crashes mid-transfer: every download finishes byte for byte through the backup, new requests are served again within 3 x advert_int + skew; the master returns (preempting, or not with nopreempt) without cutting anything; a planned stop the same within Skew_Time",
            requireTool("python3", package: "python3"),
            arguments: [
                Case(planned: false, preempt: true), Case(planned: false, preempt: false),
                Case(planned: true, preempt: true),
            ])
        func crashAndReturn(_ scenario: Case) throws {
            let preempt = scenario.preempt
            let lab = try DirectorLab(name: "pair", hosts: LabTopology.pair())
            defer { lab.close() }
            let client = lab["client"]
            for rs in ["rs1", "rs2"] {
                try lab[rs].becomeRealServer(vip: Self.dr)
                try lab.keep(lab[rs].start(LongTransferLabTests.server(name: rs, port: 80, chunks: Self.chunks)))
            }
            for rs in ["rs3", "rs4"] {
                try lab.keep(lab[rs].start(LongTransferLabTests.server(name: rs, port: 8080, chunks: Self.chunks)))
            }
            // keepalived's nopreempt needs state BACKUP on both; the priorities still elect.
            let master = try Node(
                host: lab["director"], state: preempt ? "MASTER" : "BACKUP", priority: 150, preempt: preempt)
            let backup = try Node(host: lab["director2"], state: "BACKUP", priority: 100, preempt: preempt)
            defer {
                master.stop()
                backup.stop()
            }
            func logs() -> String {
                "master (keepalived exit \(String(describing: master.keepalived?.poll()))):\n\(master.log.contents())\n"
                    + "backup:\n\(backup.log.contents())"
            }

            try master.start()
            // The master alone: BACKUP first (keepalived's rule), MASTER after Master_Down_Interval.
            let masterUp = try Self.waitUntil(seconds: 10) {
                try Self.neighbourMAC(client, Self.dr) == master.mac && Self.connects(client, Self.nat)
                    && Self.connects(client, Self.dr)
            }
            let tables = try Self.diagnostics(lab, master)
            try #require(masterUp, "the master never answered for the VIPs: \(logs()) \(tables)")
            try backup.start()
            let backupReady = try Self.waitUntil(seconds: 10) {
                try backup.ipvsadm("-L", "-n").contains("198.18.1.12:8080")
            }
            try #require(backupReady, "the backup's keepalived did not program its director: \(logs())")
            #expect(try Self.neighbourMAC(client, Self.dr) == master.mac, "the backup took the VIP: \(logs())")

            let garps = try LabOutputFile()
            let sniffer = try client.start(Self.garpCounter, stdout: garps.fd)
            defer { _ = sniffer.terminate() }
            let requests = try LabOutputFile()
            let loop = try client.start(Self.requestLoop([Self.dr, Self.nat]), stdout: requests.fd)
            defer { _ = loop.terminate() }
            var transfers: [(String, ChildProcess, LabOutputFile)] = []
            defer { for (_, t, _) in transfers { _ = t.terminate() } }
            for vip in [Self.dr, Self.nat] {
                for _ in 0..<Self.transfersPerVIP {
                    let out = try LabOutputFile()
                    transfers.append((vip, try client.start(LongTransferLabTests.reader(vip), stdout: out.fd), out))
                }
            }
            // The backup must hold every download before the crash: that is what sync is for.
            let synced = try Self.waitUntil(seconds: 10) {
                let listing = try backup.ipvsadm("-L", "-n", "-c")
                return Self.established(listing, vip: Self.dr) >= Self.transfersPerVIP
                    && Self.established(listing, vip: Self.nat) >= Self.transfersPerVIP
            }
            let backupListing = try backup.ipvsadm("-L", "-n", "-c")
            #expect(synced, "the backup did not receive the connections: \(backupListing)")

            let crashedAt = Date().timeIntervalSince1970
            if scenario.planned { master.stop() } else { master.crash() }
            let tookOver = try Self.waitUntil(seconds: 10) { try Self.neighbourMAC(client, Self.dr) == backup.mac }
            #expect(tookOver, "the backup never took the VIP: \(logs())")
            sleep(4)

            // The old master returns: with preempt it takes the VIPs back (priority 150 > 100),
            // with nopreempt the backup keeps them. Either way nothing may be cut.
            let returnedAt = Date().timeIntervalSince1970
            try master.start()
            if preempt {
                let preempted = try Self.waitUntil(seconds: 15) {
                    try Self.neighbourMAC(client, Self.dr) == master.mac
                }
                #expect(preempted, "the returning master did not take the VIP back: \(logs())")
            } else {
                // Past Master_Down_Interval, the returned master has heard the backup and stays so.
                sleep(6)
                #expect(try Self.neighbourMAC(client, Self.dr) == backup.mac, "nopreempt: the VIP moved: \(logs())")
            }

            let finished = Self.waitUntil(seconds: 60) { transfers.allSatisfy { $0.1.poll() != nil } }
            #expect(finished, "downloads still running after 60 s")
            let results = transfers.map { ($0.0, $0.2.contents().trimmingSuffix()) }
            let lost = results.filter { $0.1 != "\(Self.size)" }
            #expect(lost.isEmpty, "downloads cut: \(lost) \(logs())")

            _ = loop.terminate()
            let report = FailoverReport(
                requests: requests.contents(), garps: garps.contents(), crashedAt: crashedAt, returnedAt: returnedAt,
                backupMAC: backup.mac, masterMAC: master.mac)
            print(
                "failover lab (\(scenario.testDescription)): \(results.count - lost.count)/\(results.count) downloads whole, \(report.summary)"
            )
            for vip in [Self.dr, Self.nat] {
                #expect(report.served(vip: vip) > 20, "\(vip): too few requests served to judge")
                let gap = report.outage(vip: vip)
                #expect(
                    gap <= scenario.bound + Self.measurementSlack,
                    "\(vip): new requests failed for \(gap) s after the crash (bound \(scenario.bound) s)")
                #expect(report.handshakesCutByTheTakeBack(vip: vip) <= 1)
                #expect(
                    report.failuresAfterReturn(vip: vip) - report.handshakesCutByTheTakeBack(vip: vip) == 0,
                    "\(vip): requests failed at \(report.failureTimesAfterReturn(vip: vip)) s after the master's return; garps \(report.announcements.map { String(format: "%.3f %@", $0.time - report.returnedAt, $0.mac) }) \(logs())"
                )
            }
            #expect(report.garps(from: backup.mac) > 0, "the backup sent no gratuitous ARP when it took over")
            if preempt {
                #expect(
                    report.garps(from: master.mac, after: returnedAt) > 0, "the returning master sent no gratuitous ARP"
                )
            } else {
                #expect(
                    report.garps(from: master.mac, after: returnedAt) == 0, "nopreempt: the returning master announced")
            }
        }
    }
}
