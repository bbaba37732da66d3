import LVSControlTestSupport
import LVSCore
import LVSDirector
import LVSLab
import LVSLabTestSupport
import LVSLinux
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A long download through the VIP while the operator reshapes the service under it: adds a
/// second server, quiesces the first (weight 0), deletes it and adds it back. Nested in the
/// serialized lab suite so it never shares the two cores with another lab.
extension DirectorLabTests {
    @Suite("Long transfer while real servers are added, quiesced and deleted", .serialized)
    struct LongTransferLabTests {
        /// How each forwarding method lays out the lab and names the real servers.
        struct Setup: Sendable, CustomTestStringConvertible {
            let method: String
            var testDescription: String { method }
            var isNAT: Bool { method == "NAT" }
            var lab: [LabHostSpec] { isNAT ? LabTopology.nat() : LabTopology.flat() }
            var rs1: String { isNAT ? "198.18.1.11:8080" : "198.18.0.11:80" }
            var rs2: String { isNAT ? "198.18.1.12:8080" : "198.18.0.12:80" }
            var port: Int { isNAT ? 8080 : 80 }
            var flag: String { isNAT ? "-m" : "-g" }
            var interfaces: [String] { isNAT ? ["eth0", "eth1"] : ["eth0"] }
        }

        static let chunk = 65_536
        static let chunks = 320  // 20 MiB
        static let size = chunk * chunks

        /// A server that streams `chunks` chunks of 64 KiB, one every 20 ms, to a request line
        /// "BIG", and answers any other request (an HTTP GET) with its name.
        static func server(name: String, port: Int, chunks: Int = chunks) -> [String] {
            [
                "python3", "-c",
                """
                import socketserver, time
                class H(socketserver.StreamRequestHandler):
                    def handle(self):
                        try:
                            line = self.rfile.readline()
                            if line.startswith(b'BIG'):
                                c = b'x' * \(chunk)
                                for i in range(\(chunks)):
                                    self.wfile.write(c); time.sleep(0.02)
                                return
                            while self.rfile.readline() not in (b'\\r\\n', b'\\n', b''): pass
                            b = b'\(name)\\n'
                            self.wfile.write(b'HTTP/1.0 200 OK\\r\\nContent-Length: %d\\r\\n\\r\\n' % len(b) + b)
                        except OSError: pass
                class S(socketserver.ThreadingTCPServer):
                    allow_reuse_address = True
                    daemon_threads = True
                S(('0.0.0.0', \(port)), H).serve_forever()
                """,
            ]
        }

        /// Downloads the stream and prints how many bytes arrived (or ERR and the count so far).
        static func reader(_ host: String) -> [String] {
            [
                "python3", "-c",
                """
                import socket
                n = 0
                try:
                    s = socket.create_connection(('\(host)', 80), timeout=20); s.sendall(b'BIG\\n')
                    while True:
                        d = s.recv(1 << 16)
                        if not d: break
                        n += len(d)
                    print(n, flush=True)
                except Exception as e: print('ERR', n, e, flush=True)
                """,
            ]
        }

        /// Polls `condition` every 50 ms for at most `seconds`.
        static func waitUntil(seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
            for _ in 0..<Int(seconds * 20) {
                if try condition() { return true }
                usleep(50_000)
            }
            return try condition()
        }

        @Test(
            "every byte arrives; new connections go to rs2 once rs1 is quiesced; deleting rs1 stalls its connection until rs1 is back (expire_nodest_conn=0)",
            arguments: [Setup(method: "NAT"), Setup(method: "DR")])
        func transferSurvivesServerChanges(setup: Setup) throws {
            let lab =
                setup.isNAT
                ? try DirectorLabTests.natLab("long\(setup.method)")
                : try DirectorLab(name: "long\(setup.method)", hosts: setup.lab)
            defer { lab.close() }
            let client = lab["client"]
            let directorHost = lab["director"]
            let vip = DirectorLabTests.vip
            try lab.startServers(port: setup.port, probeFrom: setup.isNAT ? directorHost : client) { rs, name in
                if !setup.isNAT { try rs.becomeRealServer(vip: vip) }
                return [Self.server(name: name, port: setup.port)]
            }
            let (director, ipvsadm) = try lab.startDirector(interfaces: setup.interfaces, workers: 1)
            ipvsadm.addService("-t \(vip):80", servers: [setup.rs1], forward: setup.flag)

            let output = try LabOutputFile()
            let started = ContinuousClock.now
            let transfer = try client.start(Self.reader(vip), stdout: output.fd)
            defer { transfer.terminate() }
            // The download is on rs1 once rs1 has an active connection.
            #expect(
                try Self.waitUntil(seconds: 5) { serverColumns(ipvsadm("-L -n"), setup.rs1).dropFirst(2).first == "1" })

            ipvsadm("-a -t \(vip):80 -r \(setup.rs2) \(setup.flag)")
            ipvsadm("-e -t \(vip):80 -r \(setup.rs1) \(setup.flag) -w 0")
            let afterQuiesce = try client.lines(Programs.httpGets("http://\(vip)/", count: 3))
            #expect(afterQuiesce == ["rs2", "rs2", "rs2"])

            let unavailableBefore = director.counters().dropped(.engine(.destinationUnavailable))
            ipvsadm("-d -t \(vip):80 -r \(setup.rs1)")
            let afterDelete = try client.lines(Programs.httpGets("http://\(vip)/", count: 2))
            #expect(afterDelete == ["rs2", "rs2"])
            // The client's packets for rs1's connection are dropped silently while rs1 is gone;
            // its connection stays in the table (the documented use: a monitor that removes a
            // server and puts it back must not break connections).
            let stalled = try Self.waitUntil(seconds: 3) {
                director.counters().dropped(.engine(.destinationUnavailable)) > unavailableBefore
            }
            #expect(stalled, "no client packet for the deleted rs1 was dropped: was the transfer over already?")
            #expect(transfer.poll() == nil, "the transfer ended before rs1 came back: \(output.contents())")
            #expect(ipvsadm("-L -n -c").contains(setup.rs1))

            // Back, still quiesced: the old connection resumes, new ones still go to rs2.
            ipvsadm("-a -t \(vip):80 -r \(setup.rs1) \(setup.flag) -w 0")
            #expect(try client.lines(Programs.httpGets("http://\(vip)/", count: 2)) == ["rs2", "rs2"])

            let finished = try Self.waitUntil(seconds: 25) { transfer.poll() != nil }
            #expect(finished, "transfer still running after 25 s")
            #expect(output.contents().trimmingSuffix() == "\(Self.size)")
            let elapsed = ContinuousClock.now - started
            #expect(elapsed < .seconds(25), "transfer took \(elapsed)")
            #expect(director.counters().dropped(.director(.frameTooLarge)) == 0)
        }
    }
}
