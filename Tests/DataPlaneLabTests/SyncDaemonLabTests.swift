import Foundation
import LVSControl
import LVSCore
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import Testing

/// Two `lvs director` processes on one lab bridge, a master and a backup sync daemon started with
/// `ipvsadm --start-daemon`: what the client's packets make on the master appears in the
/// backup's `ipvsadm -L -n -c`, and a storm of malformed sync datagrams is counted by reason
/// and changes nothing.
extension DirectorLabTests {
    @Suite(
        "Connection sync between two directors",
        .enabled(if: LVSBinary.url != nil, "needs the built lvs binary"),
        requirePython(importing: "scapy.all", package: "python3-scapy"),
        // `lvs director --interface` installs its nftables guard and refuses to start without nft.
        requireTool("nft", package: "nftables"))
    struct SyncDaemonLabTests {
        static let vip = DirectorLabTests.vip
        static let backupAddress = "198.18.0.3"
        static let syncID = 5

        /// The flat lab plus a second director, "backup" (198.18.0.3, 2001:db8::3).
        static func hosts() -> [LabHostSpec] {
            var hosts = LabTopology.flat()
            var backup = hosts.first { $0.name == "director" }!
            backup.name = "backup"
            backup.interfaces[0].addresses = [Self.backupAddress + "/24", "2001:db8::3/64"]
            hosts.append(backup)
            return hosts
        }

        /// `ipvsadm -L -n -c` rows without the expire column (it runs on), sorted.
        static func rows(_ host: LabHost, _ director: DirectorDaemon) throws -> [String] {
            try host.lines(director.sandbox.envPrefix + ["LVS_IPVSADM_NO_NAMES=1", "ipvsadm", "-L", "-n", "-c"])
                .dropFirst(2)
                .map { line in
                    let fields = line.split(separator: " ")
                    return ([fields[0]] + fields.dropFirst(2)).joined(separator: " ")
                }
                .sorted()
        }

        static func ipvsadm(_ host: LabHost, _ director: DirectorDaemon, _ arguments: String) throws {
            let out = try host.exec(
                director.sandbox.envPrefix + ["ipvsadm"] + arguments.split(separator: " ").map(String.init))
            #expect(out.status == 0, "ipvsadm \(arguments): \(out.stderr)")
        }

        /// Polls until `condition` holds or `seconds` passed (a wait, not a timed assertion:
        /// the master sends a partly filled message 2 s after its first entry).
        static func wait(seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while true {
                if try condition() { return true }
                if Date() > deadline { return false }
                usleep(100_000)
            }
        }

        /// The client's packets, crafted so they reach the master only (its MAC): per port a TCP
        /// handshake's client half and data (ESTABLISHED, the third packet syncs), and UDP flows
        /// of four datagrams.
        static func traffic(to mac: String) -> [String] {
            [
                Scapy.python ?? "python3", "-c",
                """
                from scapy.all import Ether, IP, TCP, UDP, Raw, sendp, conf
                conf.verb = 0
                E = Ether(dst='\(mac)')
                frames = []
                for port, vport in [(41000, 80), (41001, 80), (41002, 80), (41003, 443)]:
                    ip = E / IP(src='198.18.0.100', dst='\(vip)')
                    frames += [ip / TCP(sport=port, dport=vport, flags='S', seq=1000),
                               ip / TCP(sport=port, dport=vport, flags='A', seq=1001, ack=1),
                               ip / TCP(sport=port, dport=vport, flags='PA', seq=1001, ack=1) / Raw(b'GET / HTTP/1.0\\r\\n\\r\\n')]
                for port in (42000, 42001):
                    frames += [E / IP(src='198.18.0.100', dst='\(vip)') / UDP(sport=port, dport=53) / Raw(b'q' * 10)] * 4
                sendp(frames, iface='eth0')
                print(len(frames))
                """,
            ]
        }

        /// Malformed sync datagrams (and a well-formed one for another syncid), `perKind` of each,
        /// multicast to the group as a master would send them.
        static let stormKinds = [
            "truncated_header", "size_mismatch", "bad_message_version", "foreign_syncid", "truncated_entry",
            "entry_beyond_message", "bad_entry_version", "unknown_entry_type", "invalid_state",
        ]
        /// `from`: the sender's MAC (scapy finds no route to the group and would send from
        /// 00:00:00:00:00:00, which a bridge drops).
        static func storm(perKind: Int, from mac: String) -> [String] {
            [
                Scapy.python ?? "python3", "-c",
                """
                import struct
                from scapy.all import Ether, IP, UDP, Raw, sendp, conf
                conf.verb = 0
                def addr(a): return bytes(int(x) for x in a.split('.'))
                def entry(state=1, type_=0, ver_size=None, proto=6):
                    body = struct.pack('>BBHIHHHHII', type_, proto, 0, 3, state, 50000, 80, 80, 0, 900)
                    body += addr('198.18.0.200') + addr('\(vip)') + addr('198.18.0.11')
                    size = len(body) if ver_size is None else ver_size
                    return body[:2] + struct.pack('>H', size) + body[4:]
                def message(entries, syncid=\(syncID), count=None, version=1, size=None):
                    body = b''.join(entries)
                    n = len(entries) if count is None else count
                    total = 8 + len(body) if size is None else size
                    return struct.pack('>BBHBBH', 0, syncid, total, n, version, 0) + body
                def cut(m, n): return m[:2] + struct.pack('>H', n) + m[4:n]
                kinds = [
                    b'\\x00\\x05\\x00',                                       # truncated_header
                    message([entry()], size=8 + 36 + 1),                      # size_mismatch
                    message([entry()], version=2),                            # bad_message_version
                    message([entry()], syncid=6),                             # foreign_syncid
                    cut(message([entry()]), 18),                              # truncated_entry
                    message([entry(ver_size=100)]),                           # entry_beyond_message
                    message([entry(ver_size=0x1000 | 36)]),                   # bad_entry_version
                    message([entry(type_=2)]),                                # unknown_entry_type
                    message([entry(state=99)]),                               # invalid_state
                ]
                E = Ether(dst='01:00:5e:00:00:51', src='\(mac)') / IP(src='198.18.0.100', dst='224.0.0.81', ttl=1) / UDP(sport=8848, dport=8848)
                frames = [E / Raw(k) for k in kinds for _ in range(\(perKind))]
                sendp(frames, iface='eth0')
                print(len(frames))
                """,
            ]
        }

        /// Two directors with the same table, their daemons started with `daemonOptions`, the
        /// client's traffic sent to the master; returns the master's rows once the backup lists
        /// the same (recorded as an issue if it does not within 15 s).
        static func syncTraffic(
            _ lab: DirectorLab, master: DirectorDaemon, backup: DirectorDaemon, daemonOptions: String
        ) throws -> [String] {
            let client = lab["client"]
            let masterHost = lab["director"]
            let backupHost = lab["backup"]
            // The same table on both, as keepalived would keep it.
            for (host, director) in [(masterHost, master), (backupHost, backup)] {
                try Self.ipvsadm(host, director, "-A -t \(Self.vip):80 -s rr")
                try Self.ipvsadm(host, director, "-a -t \(Self.vip):80 -r 198.18.0.11:80 -g")
                try Self.ipvsadm(host, director, "-a -t \(Self.vip):80 -r 198.18.0.12:80 -g")
                try Self.ipvsadm(host, director, "-A -t \(Self.vip):443 -s rr -p 60")
                try Self.ipvsadm(host, director, "-a -t \(Self.vip):443 -r 198.18.0.12:443 -g")
                try Self.ipvsadm(host, director, "-A -u \(Self.vip):53 -s rr")
                try Self.ipvsadm(host, director, "-a -u \(Self.vip):53 -r 198.18.0.11:53 -g")
            }
            try Self.ipvsadm(masterHost, master, "--start-daemon master \(daemonOptions)")
            try Self.ipvsadm(backupHost, backup, "--start-daemon backup \(daemonOptions)")
            // Only the master answers for the VIP here (with VRRP, the backup would be silent).
            let masterMAC = masterHost.primary.mac.description
            _ = try client.ip("neigh", "replace", Self.vip, "lladdr", masterMAC, "dev", "eth0", "nud", "permanent")

            let sent = try client.exec(Self.traffic(to: masterMAC))
            #expect(sent.status == 0 && sent.stdout.hasSuffix("20\n"), "\(sent.stdout) \(sent.stderr)")
            let expected = try Self.rows(masterHost, master)
            #expect(expected.count == 7, "\(expected)")  // four TCP, one template, two UDP
            var listed: [String] = []
            let synced = try Self.wait(seconds: 15) {
                listed = try Self.rows(backupHost, backup)
                return listed == expected
            }
            #expect(synced, "backup lists \(listed), master \(expected)")
            #expect(expected.filter { $0.hasPrefix("TCP ESTABLISHED") }.count == 4, "\(expected)")
            #expect(expected.contains("TCP ASSURED 198.18.0.100:0 \(Self.vip):443 198.18.0.12:443"), "\(expected)")
            return expected
        }

        @Test(
            "over an IPv6 group (--mcast-group ff02::1:81 --mcast-port 8849): the backup lists the master's connections"
        )
        func ipv6Group() throws {
            let lab = try DirectorLab(name: "sync6", hosts: Self.hosts())
            defer { lab.close() }
            let master = try DirectorDaemon(lab["director"], interfaces: ["eth0"])
            defer { master.stop() }
            let backup = try DirectorDaemon(lab["backup"], interfaces: ["eth0"])
            defer { backup.stop() }
            _ = try Self.syncTraffic(
                lab, master: master, backup: backup,
                daemonOptions: "--mcast-interface eth0 --syncid 5 --mcast-group ff02::1:81 --mcast-port 8849")
            let status = try ControlChannel.socket(path: backup.sandbox.socketPath).syncStatus()
            #expect(status.running.map { $0.mcastGroup?.description } == ["ff02::1:81"])
            #expect(status.received.dropTotal == 0)
        }

        @Test(
            "the backup lists the master's connections; a storm of malformed sync datagrams is counted by reason and changes nothing"
        )
        func masterToBackup() throws {
            let lab = try DirectorLab(name: "sync", hosts: Self.hosts())
            defer { lab.close() }
            let client = lab["client"]
            let masterHost = lab["director"]
            let backupHost = lab["backup"]
            let master = try DirectorDaemon(masterHost, interfaces: ["eth0"])
            defer { master.stop() }
            let backup = try DirectorDaemon(backupHost, interfaces: ["eth0"])
            defer { backup.stop() }

            let expected = try Self.syncTraffic(
                lab, master: master, backup: backup, daemonOptions: "--mcast-interface eth0 --syncid \(Self.syncID)")

            // The storm: every datagram reaches the backup's socket and is refused for its reason.
            let channel = ControlChannel.socket(path: backup.sandbox.socketPath)
            let before = try channel.syncStatus()
            #expect(before.running.map(\.role) == [.backup])
            let perKind = 20
            let stormed = try client.exec(Self.storm(perKind: perKind, from: client.primary.mac.description))
            #expect(
                stormed.status == 0 && stormed.stdout.hasSuffix("\(Self.stormKinds.count * perKind)\n"),
                "\(stormed.stdout) \(stormed.stderr)")
            var after = before
            let counted = try Self.wait(seconds: 15) {
                after = try channel.syncStatus()
                return after.received.messages >= before.received.messages + UInt64(Self.stormKinds.count * perKind)
            }
            #expect(counted, "\(after.received)")
            for label in Self.stormKinds {
                #expect(
                    after.received.drops[label, default: 0] - before.received.drops[label, default: 0]
                        == UInt64(perKind), "\(label): \(after.received.drops)")
            }
            #expect(after.received.entries == before.received.entries)
            // What an operator sees: `lvs sync-status` on the backup.
            let lvs = try #require(LVSBinary.path)
            let report = try backupHost.lines(backup.sandbox.envPrefix + [lvs, "sync-status"])
            #expect(
                report.last
                    == "refused: " + Self.stormKinds.sorted().map { "\($0) \(perKind)" }.joined(separator: ", "),
                "\(report)")
            #expect(try Self.rows(backupHost, backup) == expected)

            let masterStatus = try ControlChannel.socket(path: master.sandbox.socketPath).syncStatus()
            #expect(masterStatus.running.map(\.role) == [.master])
            #expect(masterStatus.sent.entries >= 7)
            #expect(masterStatus.sent.sendErrors == 0)
        }

        /// A TCP server answering each read with `name:` and what it read, one thread per connection.
        static func tcpEcho(name: String, port: Int) -> [String] {
            [
                "python3", "-c",
                """
                import socket, threading
                def serve(c):
                    while True:
                        d = c.recv(1024)
                        if not d: break
                        c.sendall(b'\(name):' + d)
                s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(('0.0.0.0', \(port))); s.listen(64)
                while True:
                    c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
                """,
            ]
        }

        /// Opens `count` connections to VIP:7 and talks on each (three client packets at least:
        /// synced as ESTABLISHED), creates `OUT.ready`, waits for the file `go`, then talks on
        /// each again and writes "first-server second-server" per connection to `OUT`.
        static func longConnections(count: Int, go: String, out: String) -> [String] {
            [
                "python3", "-c",
                """
                import os, socket, time
                conns = []
                for i in range(\(count)):
                    s = socket.create_connection(('\(vip)', 7), timeout=10)
                    s.sendall(b'a'); first = s.recv(100).decode().split(':')[0]
                    s.sendall(b'b'); s.recv(100)
                    conns.append((s, first))
                open('\(out).ready', 'w').close()
                while not os.path.exists('\(go)'): time.sleep(0.05)
                lines = []
                for s, first in conns:
                    try:
                        s.sendall(b'c'); lines.append(first + ' ' + s.recv(100).decode().split(':')[0])
                    except Exception as e:
                        lines.append(first + ' ERR ' + type(e).__name__)
                with open('\(out)', 'w') as f: f.write('\\n'.join(lines) + '\\n')
                """,
            ]
        }

        /// The two failover tests' common start: both directors hold the VIP's port-7 service on
        /// `servers` (forwarded with `flag`), master and backup sync daemons run (syncid 5), the
        /// client's VIP points at the master, and `connections` long connections are open and
        /// listed alike by both directors. `finish` moves the client to another director and
        /// lets each connection talk once more; `close` stops the client and removes its files.
        final class SyncedTalk {
            static let connections = 4
            let client: LabHost
            let files: URL
            let go: String
            let out: String
            let talker: ChildProcess

            init(
                client: LabHost, master: (LabHost, DirectorDaemon), backup: (LabHost, DirectorDaemon),
                servers: [String], flag: String, name: String
            ) throws {
                self.client = client
                for (host, director) in [master, backup] {
                    try SyncDaemonLabTests.ipvsadm(host, director, "-A -t \(SyncDaemonLabTests.vip):7 -s rr")
                    for server in servers {
                        try SyncDaemonLabTests.ipvsadm(
                            host, director, "-a -t \(SyncDaemonLabTests.vip):7 -r \(server):7 \(flag)")
                    }
                }
                try SyncDaemonLabTests.ipvsadm(
                    master.0, master.1, "--start-daemon master --mcast-interface eth0 --syncid 5")
                try SyncDaemonLabTests.ipvsadm(
                    backup.0, backup.1, "--start-daemon backup --mcast-interface eth0 --syncid 5")
                try Self.pointVIP(client, at: master.0)

                files = FileManager.default.temporaryDirectory.appendingPathComponent("lvs-\(name)-\(getpid())")
                try? FileManager.default.removeItem(at: files)
                try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
                go = files.appendingPathComponent("go").path
                out = files.appendingPathComponent("out").path
                talker = try client.start(
                    SyncDaemonLabTests.longConnections(count: Self.connections, go: go, out: out))
                let out = out
                #expect(SyncDaemonLabTests.wait(seconds: 20) { FileManager.default.fileExists(atPath: out + ".ready") })

                do {
                    // The backup lists them as the master does before the master dies.
                    let established = { (rows: [String]) in
                        rows.filter { $0.hasPrefix("TCP ESTABLISHED") && $0.contains(":7 ") }
                    }
                    let onMaster = established(try SyncDaemonLabTests.rows(master.0, master.1))
                    #expect(onMaster.count == Self.connections, "\(onMaster)")
                    var onBackup: [String] = []
                    #expect(
                        try SyncDaemonLabTests.wait(seconds: 15) {
                            onBackup = established(try SyncDaemonLabTests.rows(backup.0, backup.1))
                            return onBackup == onMaster
                        }, "backup \(onBackup), master \(onMaster)")
                } catch {
                    close()
                    throw error
                }
            }

            static func pointVIP(_ client: LabHost, at host: LabHost) throws {
                _ = try client.ip(
                    "neigh", "replace", SyncDaemonLabTests.vip, "lladdr", host.primary.mac.description, "dev",
                    "eth0", "nud", "permanent")
            }

            /// The client's VIP now points at `host`; each connection talks once more. Its answers:
            /// "FIRST-SERVER LATER-SERVER" per connection.
            func finish(through host: LabHost) throws -> [String] {
                try Self.pointVIP(client, at: host)
                #expect(FileManager.default.createFile(atPath: go, contents: nil))
                let out = out
                #expect(SyncDaemonLabTests.wait(seconds: 30) { FileManager.default.fileExists(atPath: out) })
                let answers = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
                #expect(answers.count == Self.connections, "\(answers)")
                return answers
            }

            func close() {
                _ = talker.terminate()
                try? FileManager.default.removeItem(at: files)
            }
        }

        @Test(
            "failover: established DR connections made through the master go on through the backup to the same real servers"
        )
        func failover() throws {
            let lab = try DirectorLab(name: "syncfo", hosts: Self.hosts())
            defer { lab.close() }
            let client = lab["client"]
            let masterHost = lab["director"]
            let backupHost = lab["backup"]
            try lab.startServers(port: 7, probeFrom: client) { rs, name in
                try rs.becomeRealServer(vip: Self.vip)
                return [Self.tcpEcho(name: name, port: 7)]
            }
            let master = try DirectorDaemon(masterHost, interfaces: ["eth0"])
            defer { master.stop() }
            let backup = try DirectorDaemon(backupHost, interfaces: ["eth0"])
            defer { backup.stop() }
            let talk = try SyncedTalk(
                client: client, master: (masterHost, master), backup: (backupHost, backup),
                servers: ["198.18.0.11", "198.18.0.12"], flag: "-g", name: "syncfo")
            defer { talk.close() }

            // Failover: the master is killed, the client's traffic for the VIP goes to the backup.
            _ = master.process.terminate(signal: SIGKILL)
            let answers = try talk.finish(through: backupHost)
            for answer in answers {
                let servers = answer.split(separator: " ")
                #expect(servers.count == 2 && servers[0] == servers[1], "\(answers)")
            }
            #expect(Set(answers) == ["rs1 rs1", "rs2 rs2"], "\(answers)")
        }

        @Test(
            "failover (NAT): the master's machine goes away, the backup takes the VIP and the real servers' gateway; established connections go on to the same real servers, replies rewritten back"
        )
        func failoverMasquerade() throws {
            var hosts = LabTopology.nat()
            var backupSpec = hosts.first { $0.name == "director" }!
            backupSpec.name = "backup"
            backupSpec.interfaces[0].addresses = [Self.backupAddress + "/24", "2001:db8::3/64"]
            backupSpec.interfaces[1].addresses = ["198.18.1.3/24", "2001:db8:1::3/64"]
            hosts.append(backupSpec)
            let lab = try DirectorLab(name: "syncnat", hosts: hosts)
            defer { lab.close() }
            let client = lab["client"]
            let masterHost = lab["director"]
            let backupHost = lab["backup"]
            for rs in ["rs1", "rs2"] {
                try lab[rs].run { try Ethtool.setTransmitChecksumOffload(interface: "eth0", enabled: false) }
            }
            try lab.startServers(port: 7, probeFrom: masterHost) { _, name in [Self.tcpEcho(name: name, port: 7)] }
            let master = try DirectorDaemon(masterHost, interfaces: ["eth0", "eth1"])
            defer { master.stop() }
            let backup = try DirectorDaemon(backupHost, interfaces: ["eth0", "eth1"])
            defer { backup.stop() }
            let talk = try SyncedTalk(
                client: client, master: (masterHost, master), backup: (backupHost, backup),
                servers: ["198.18.1.11", "198.18.1.12"], flag: "-m", name: "syncnat")
            defer { talk.close() }

            // The master's machine goes away (its links down, its process killed); the backup
            // takes the gateway address and announces it, as VRRP would; the client's traffic for
            // the VIP goes to the backup.
            _ = master.process.terminate(signal: SIGKILL)
            _ = try masterHost.ip("link", "set", "eth0", "down")
            _ = try masterHost.ip("link", "set", "eth1", "down")
            _ = try backupHost.ip("addr", "add", "198.18.1.1/24", "dev", "eth1")
            let gatewayMAC = try #require(backupHost.interface("eth1")).mac.description
            for rs in ["rs1", "rs2"] {
                _ = try lab[rs].ip("neigh", "replace", "198.18.1.1", "lladdr", gatewayMAC, "dev", "eth0")
            }
            let answers = try talk.finish(through: backupHost)
            #expect(Set(answers) == ["rs1 rs1", "rs2 rs2"], "\(answers)")
        }
    }
}
