import Foundation
import LVSControlTestSupport
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Seed 002's keepalived.conf (Fixtures/seeds/002-keepalived.conf: the seed's, addresses moved into
/// the lab range) run by `lvs keepalived` in the director's namespace against a running
/// `lvs director`, with the seed's timers: DR real servers whose web server stops leave the table
/// within connect_timeout + retry x delay_before_retry + delay_loop, come back when it is back,
/// and a SIGHUP that adds a real server leaves a long transfer through another one whole.
///
/// The seed has no persistence_timeout, so rr alternates connection by connection.
extension DirectorLabTests {
    @Suite(
        "lvs keepalived runs seed 002's keepalived.conf", .serialized,
        .enabled(if: LVSBinary.url != nil, "needs the built lvs binary"), requireTool("curl", package: "curl"),
        // `lvs director --interface` installs its nftables guard and refuses to start without nft.
        requireTool("nft", package: "nftables"))
    struct KeepalivedLabTests {
        static let vip = DirectorLabTests.vip
        static let fixture = RepositoryPaths.seedFixtures.appendingPathComponent("002-keepalived.conf")

        // The fixture's (the seed's) timers, in seconds; the bounds below are computed from them.
        static let delayLoop = 6.0
        static let connectTimeout = 3.0
        static let retry = 3.0
        static let delayBeforeRetry = 3.0
        /// The issue's bound on the time from a web server stopping to its real server leaving the
        /// table: the last good check may have just ended (delay_loop until the next one), the
        /// first failure may take up to connect_timeout, then `retry` more failures, each
        /// delay_before_retry after the one before (a stopped server refuses at once).
        static let removalBound = connectTimeout + retry * delayBeforeRetry + delayLoop
        /// What polling adds on top: one `ipvsadm -L -n` round trip every 100 ms, and the
        /// checker's own Task.sleep and the table batch through the control socket.
        static let slack = 1.0
        /// Coming back takes one good check: at most delay_loop after the server answers again
        /// (the next check is delay_loop after the failure was reported) plus the check itself.
        static let returnBound = delayLoop + connectTimeout

        /// rs3 (198.18.0.13) on the lab segment, for the real server a reload adds.
        static let rs3 = "198.18.0.13"
        static func hosts(withRS3: Bool) -> [LabHostSpec] {
            LabTopology.flat()
                + (withRS3
                    ? [
                        LabHostSpec(
                            name: "rs3",
                            interfaces: [
                                LabInterfaceSpec(
                                    name: "eth0", segment: LabTopology.lanSegment,
                                    addresses: [rs3 + "/24", "2001:db8::13/64"])
                            ])
                    ] : [])
        }

        /// The DR lab, a director daemon, each real server's web server (LongTransferLabTests'
        /// server: an HTTP GET gets the server's name, "BIG" a slow 20 MiB stream) and
        /// `lvs keepalived -f` a copy of the fixture. `close()` stops everything and removes the
        /// namespaces; it runs on every path out of a test (defer).
        final class KeepalivedLab {
            let lab: DirectorLab
            let director: DirectorDaemon
            let configPath: String
            let log: LabOutputFile
            private(set) var keepalived: ChildProcess?
            private var servers: [String: ChildProcess] = [:]

            var client: LabHost { lab["client"] }
            var directorHost: LabHost { lab["director"] }

            init(name: String, realServers: [String]) throws {
                lab = try DirectorLab(name: name, hosts: KeepalivedLabTests.hosts(withRS3: realServers.contains("rs3")))
                do {
                    director = try DirectorDaemon(lab["director"], interfaces: ["eth0"])
                    configPath = director.sandbox.directory.appendingPathComponent("keepalived.conf").path
                    log = try LabOutputFile()
                } catch {
                    lab.close()
                    throw error
                }
                do {
                    try FileManager.default.copyItem(atPath: KeepalivedLabTests.fixture.path, toPath: configPath)
                    for rs in realServers {
                        try lab[rs].becomeRealServer(vip: KeepalivedLabTests.vip)
                        try startServer(rs)
                    }
                } catch {
                    close()
                    throw error
                }
            }

            /// Starts `lvs keepalived` in the director's namespace, logging to `log`, and waits until
            /// the seed's vrrp_instance is MASTER: alone on the segment, the director answers ARP
            /// for the VIP from then on (Master_Down_Interval after start, 3.61 s), not before.
            func startKeepalived() throws {
                try startKeepalivedProcess()
                let status = director.sandbox.directory.appendingPathComponent("keepalived.status").path
                let master = waitFor(seconds: 10) {
                    ((try? String(contentsOfFile: status, encoding: .utf8)) ?? "").contains("VRRP VI_1: MASTER")
                }
                if master == nil { throw TestFailure("VI_1 never became MASTER: \(log.contents())") }
            }

            private func startKeepalivedProcess() throws {
                let lvs = try #require(LVSBinary.path)
                let sandbox = director.sandbox.directory
                keepalived = try directorHost.start(
                    [
                        lvs, "keepalived", "-f", configPath, "--control-socket", director.sandbox.socketPath,
                        "-p", sandbox.appendingPathComponent("keepalived.pid").path,
                        "--status-file", sandbox.appendingPathComponent("keepalived.status").path,
                    ],
                    stderr: log.fd)
            }

            /// Starts `name`'s web server and waits until the client reaches it at its own address.
            func startServer(_ name: String) throws {
                let host = lab[name]
                servers[name] = try host.start(LongTransferLabTests.server(name: name, port: 80))
                let address = host.primary.ipv4!
                guard try client.exec(Programs.waitForTCP(address, 80)).status == 0 else {
                    throw TestFailure("\(name)'s web server does not answer on \(address):80")
                }
            }

            /// Stops `name`'s web server (SIGTERM, waited for): its port refuses from then on.
            func stopServer(_ name: String) {
                servers.removeValue(forKey: name)?.terminate()
            }

            func ipvsadm(_ arguments: String...) throws -> String {
                let out = try directorHost.exec(director.sandbox.envPrefix + ["ipvsadm"] + arguments)
                guard out.status == 0 else {
                    throw TestFailure("ipvsadm \(arguments) exited \(out.status): \(out.stderr)")
                }
                return out.stdout
            }

            /// The real servers of the VIP's service in `ipvsadm -L -n`, as "ADDRESS:PORT".
            func tableServers() throws -> Set<String> {
                Set(
                    try ipvsadm("-L", "-n").split(separator: "\n").compactMap { line in
                        let fields = line.split(separator: " ")
                        return fields.count >= 2 && fields[0] == "->" && fields[1].hasPrefix("198.18.")
                            ? String(fields[1]) : nil
                    })
            }

            /// Polls `condition` every 100 ms for at most `seconds`; the time it took, or nil.
            func waitFor(seconds: Double, _ condition: () throws -> Bool) rethrows -> Double? {
                let start = ContinuousClock.now
                while true {
                    if try condition() { return Self.seconds(ContinuousClock.now - start) }
                    if Self.seconds(ContinuousClock.now - start) > seconds { return nil }
                    usleep(100_000)
                }
            }

            static func seconds(_ d: Duration) -> Double {
                Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            }

            private func closeServers() {
                for (_, server) in servers { server.terminate() }
                servers.removeAll()
            }

            func close() {
                keepalived?.terminate()
                director.stop()
                closeServers()
                lab.close()
            }
        }

        /// `curl VIP` `count` times from the client, one connection each (FAIL for a failed one).
        static func curl(_ lab: KeepalivedLab, count: Int) throws -> [String] {
            try DirectorLabTests.curl(lab.client, count: count)
        }

        @Test(
            "curl VIP in turn; a stopped web server leaves the table within connect_timeout + retry x delay_before_retry + delay_loop and no curl fails after; back, it gets traffic again"
        )
        func failoverAndReturn() throws {
            let lab = try KeepalivedLab(name: "karr", realServers: ["rs1", "rs2"])
            defer { lab.close() }
            try lab.startKeepalived()
            let both: Set = ["198.18.0.11:80", "198.18.0.12:80"]
            #expect(
                try lab.waitFor(seconds: 10) { try lab.tableServers() == both } != nil,
                "lvs keepalived did not program the director: \(lab.log.contents())")
            // Steady state, as in production: both checkers have passed once, so a failure now
            // has to use up its retries (before its first pass one failure is enough).
            let firstChecks = Self.delayLoop + Self.connectTimeout + Self.slack
            let checked = lab.waitFor(seconds: firstChecks) {
                let log = lab.log.contents()
                return ["198.18.0.11", "198.18.0.12"].allSatisfy {
                    log.contains("Remote Web server [\($0)]:tcp:80 succeed")
                }
            }
            try #require(checked != nil, "the first checks did not pass within \(firstChecks) s: \(lab.log.contents())")

            // (1) In turn.
            let answers = try Self.curl(lab, count: 6)
            #expect(answers.count == 6 && Set(answers) == ["rs1", "rs2"] && alternates(answers), "\(answers)")

            // (2) rs1's web server stops; rs1 leaves the table within the bound.
            lab.stopServer("rs1")
            let removal = try lab.waitFor(seconds: Self.removalBound + 5) {
                try !lab.tableServers().contains("198.18.0.11:80")
            }
            print(
                "keepalived lab: rs1 left the table \(removal.map { String(format: "%.2f", $0) } ?? "never") s after its web server stopped (bound \(Self.removalBound) s + \(Self.slack) s slack)"
            )
            let removed = try #require(
                removal,
                "rs1 still in the table \(Self.removalBound + 5) s after its web server stopped: \(lab.log.contents())")
            #expect(
                removed <= Self.removalBound + Self.slack,
                "rs1 left after \(removed) s; bound \(Self.removalBound) s + \(Self.slack) s slack")
            #expect(try lab.tableServers() == ["198.18.0.12:80"])
            // The retries were used: keepalived's line for a failure after them.
            #expect(
                lab.log.contents().contains("HTTP_CHECK on service [198.18.0.11]:tcp:80 failed after 3 retries."),
                "\(lab.log.contents())")
            // From then on no new connection goes to rs1 and none fails.
            let afterRemoval = try Self.curl(lab, count: 8)
            #expect(afterRemoval == Array(repeating: "rs2", count: 8), "\(afterRemoval)")

            // (3) rs1's web server is back: one good check puts it back, and it gets traffic again.
            try lab.startServer("rs1")
            let back = try lab.waitFor(seconds: Self.returnBound + 5) { try lab.tableServers() == both }
            print(
                "keepalived lab: rs1 back in the table \(back.map { String(format: "%.2f", $0) } ?? "never") s after its web server restarted (bound \(Self.returnBound) s + \(Self.slack) s slack)"
            )
            let returned = try #require(
                back, "rs1 not back \(Self.returnBound + 5) s after its web server restarted: \(lab.log.contents())")
            #expect(returned <= Self.returnBound + Self.slack)
            let resumed = try Self.curl(lab, count: 6)
            #expect(resumed.count == 6 && Set(resumed) == ["rs1", "rs2"] && alternates(resumed), "\(resumed)")
            #expect(lab.keepalived?.poll() == nil, "lvs keepalived exited: \(lab.log.contents())")
        }

        @Test("a SIGHUP that adds a real server does not cut a long transfer running through another")
        func reloadDuringLongTransfer() throws {
            let lab = try KeepalivedLab(name: "kahup", realServers: ["rs1", "rs2", "rs3"])
            defer { lab.close() }
            try lab.startKeepalived()
            let both: Set = ["198.18.0.11:80", "198.18.0.12:80"]
            #expect(
                try lab.waitFor(seconds: 10) { try lab.tableServers() == both } != nil,
                "lvs keepalived did not program the director: \(lab.log.contents())")

            // rr hands the next connection to the server after the last one: make that rs2.
            var last = try Self.curl(lab, count: 1)
            if last == ["rs2"] { last = try Self.curl(lab, count: 1) }
            try #require(last == ["rs1"], "\(last)")
            let output = try LabOutputFile()
            let transfer = try lab.client.start(LongTransferLabTests.reader(Self.vip), stdout: output.fd)
            defer { transfer.terminate() }
            let onRS2 = try lab.waitFor(seconds: 5) {
                serverColumns(try lab.ipvsadm("-L", "-n"), "198.18.0.12:80").dropFirst(2).first == "1"
            }
            let listing = try lab.ipvsadm("-L", "-n")
            try #require(onRS2 != nil, "the transfer is not on rs2: \(listing)")

            // Add rs3 as the seed writes its real servers, and SIGHUP lvs keepalived.
            let original = try String(contentsOfFile: lab.configPath, encoding: .utf8)
            let closing = try #require(original.range(of: "}", options: .backwards))
            var extended = original
            extended.insert(
                contentsOf: """
                        real_server \(Self.rs3) 80 {
                            weight 1
                            HTTP_GET {
                                url {
                                  path /
                                  status_code 200
                                }
                                connect_timeout 3
                                nb_get_retry 3
                                delay_before_retry 3
                            }
                        }

                    """, at: closing.lowerBound)
            try extended.write(toFile: lab.configPath, atomically: true, encoding: .utf8)
            let keepalived = try #require(lab.keepalived)
            #expect(kill(keepalived.pid, SIGHUP) == 0)
            let three: Set = ["198.18.0.11:80", "198.18.0.12:80", "\(Self.rs3):80"]
            let added = try lab.waitFor(seconds: 5) { try lab.tableServers() == three }
            print(
                "keepalived lab: rs3 in the table \(added.map { String(format: "%.2f", $0) } ?? "never") s after SIGHUP"
            )
            let afterReload = try lab.ipvsadm("-L", "-n")
            #expect(added != nil, "rs3 not in the table after SIGHUP: \(afterReload) \(lab.log.contents())")
            #expect(transfer.poll() == nil, "the transfer ended before the reload took effect: \(output.contents())")
            // rs2's entry was left alone: its connection is still counted on it.
            #expect(serverColumns(try lab.ipvsadm("-L", "-n"), "198.18.0.12:80").dropFirst(2).first == "1")

            let finished = lab.waitFor(seconds: 25) { transfer.poll() != nil }
            #expect(finished != nil, "transfer still running after 25 s")
            #expect(output.contents().trimmingSuffix() == "\(LongTransferLabTests.size)", "\(output.contents())")
            #expect(keepalived.poll() == nil, "lvs keepalived exited: \(lab.log.contents())")
            #expect(lab.log.contents().contains("Reloading configuration"))
            // The added server takes its turn.
            let answers = try Self.curl(lab, count: 3)
            #expect(Set(answers) == ["rs1", "rs2", "rs3"], "\(answers)")
        }
    }
}
