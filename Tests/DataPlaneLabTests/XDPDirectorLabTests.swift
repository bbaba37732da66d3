import LVSControlTestSupport
import LVSCore
import LVSDirector
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSVocabulary
import LVSXDP
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `--data-plane xdp` end to end: the director forwards the first packets of a connection, then
/// writes it into the XDP map; the rest goes through the XDP program (counted there), the
/// transfer arrives intact, ipvsadm's counters include XDP's packets, a busy UDP flow does not
/// expire, and the map entry goes once the connection ends or expires.
extension DirectorLabTests {
    @Suite("XDP fast path through the director", .serialized)
    struct XDPDirectorLabTests {
        static let vip = LabTopology.virtualAddress
        static let uploadSize = 16 << 20
        static let datagrams = 3000

        @Test("DR: a TCP upload and a UDP flow go through XDP, byte for byte, counted by ipvsadm")
        func directRoutingThroughXDP() throws {
            // Senders fill in their checksums (a veth frame still CHECKSUM_PARTIAL reaches XDP
            // without the mark saying so); no TSO super-frames either.
            let lab = try DirectorLab(name: "xdpd", hosts: LabTopology.flat(transmitChecksumOffload: false))
            defer { lab.close() }
            let client = lab["client"]
            try lab.startServers(port: 9000, probeFrom: client) { rs, name in
                try rs.becomeRealServer(vip: Self.vip)
                return [Self.uploadServer(port: 9000), Programs.udpEcho(name: name, port: 5353, bind: Self.vip)]
            }
            // veth delivers XDP_TX frames only to a peer that runs NAPI, i.e. has an XDP program
            // itself: one whose empty map passes everything, on the switch side of the director.
            let passAll = try XDPFastPathProgram(maxEntries: 1)
            let peerIndex = try Self.peerIndex(lab["director"])
            let peer = try lab.lab.switchNamespace.run { try XDPAttachment(passAll.program, interfaceIndex: peerIndex) }
            defer { withExtendedLifetime(peer) {} }

            let (director, ipvsadm) = try lab.startDirector(
                interfaces: ["eth0"], workers: 1, dataPlane: .xdp, maxConnections: 4096)
            #expect(try lab["director"].ip("-o", "link", "show", "dev", "eth0").contains(" xdp "))
            ipvsadm("--set 0 0 3")  // UDP connections expire 3 s after their last packet
            ipvsadm.addService("-t \(Self.vip):9000", servers: ["198.18.0.11:9000", "198.18.0.12:9000"], forward: "-g")
            ipvsadm.addService("-u \(Self.vip):5353", servers: ["198.18.0.11", "198.18.0.12"], forward: "-g")

            // TCP: 16 MiB from the client; the server answers with the length and SHA-256 it got.
            let upload = try client.lines(Self.uploader(Self.vip, 9000, size: Self.uploadSize, sourcePort: 42000))
            let fields = (upload.last ?? "").split(separator: " ").map(String.init)
            #expect(fields.count == 4 && fields[0] == fields[2] && fields[1] == fields[3], "upload: \(upload)")
            #expect(fields.first == "\(Self.uploadSize)", "upload: \(upload)")
            usleep(1_500_000)  // one sweep: XDP's counters reach the engine
            let afterTCP = try #require(director.xdpStatistics())
            // 16 MiB in 1448-byte segments is about 11 600 packets; all but the handshake and
            // the FIN's neighbours can go through XDP.
            #expect(afterTCP.packets > 5000, "XDP forwarded too few of the upload's packets: \(afterTCP)")
            let tcpStats = Self.serviceColumns(ipvsadm("-L -n --stats --exact"), "TCP", "\(Self.vip):9000")
            #expect(tcpStats.count == 5, "\(tcpStats)")
            if tcpStats.count == 5 {
                #expect((UInt64(tcpStats[1]) ?? 0) >= afterTCP.packets, "InPkts \(tcpStats) vs XDP \(afterTCP)")
                #expect((UInt64(tcpStats[3]) ?? 0) >= UInt64(Self.uploadSize), "InBytes \(tcpStats)")
            }
            let clientAddress = try #require(InetAddress(LabTopology.client))
            let vipAddress = try #require(InetAddress(Self.vip))
            let tcpKey = XDPFlowKey(
                ipProtocol: 6, source: clientAddress, sourcePort: 42000, destination: vipAddress, destinationPort: 9000)
            // The FIN went through the director, which withdrew the entry.
            #expect(!director.xdpHasFlow(tcpKey), "the finished TCP connection still has an XDP entry")

            // UDP: one flow (one source port) of 3000 datagrams over about 6 s, twice its
            // timeout: XDP's packets keep it alive, so one real server answers all of them.
            let udp = try client.lines(Self.udpFlow(Self.vip, 5353, count: Self.datagrams, sourcePort: 41000))
            let udpFields = (udp.last ?? "").split(separator: " ").map(String.init)
            #expect(udpFields.count == 2 && !udpFields[1].contains(","), "one real server answers the flow: \(udp)")
            #expect((Int(udpFields.first ?? "") ?? 0) >= Self.datagrams * 95 / 100, "echoes: \(udp)")
            // No wait for the once-a-second sweep: a listing merges XDP's counters first, so
            // ipvsadm counts every datagram the moment the flow ends, as the kernel's would.
            let udpStats = Self.serviceColumns(ipvsadm("-L -n --stats --exact"), "UDP", "\(Self.vip):5353")
            let afterUDP = try #require(director.xdpStatistics())
            #expect(
                afterUDP.packets - afterTCP.packets >= UInt64(Self.datagrams / 2),
                "XDP forwarded too few datagrams: \(afterUDP) after \(afterTCP)")
            #expect(udpStats.first == "1", "one connection only (it never expired mid-flow): \(udpStats)")
            #expect(udpStats.dropFirst().first == "\(Self.datagrams)", "InPkts counts every datagram: \(udpStats)")
            let udpKey = XDPFlowKey(
                ipProtocol: 17, source: clientAddress, sourcePort: 41000, destination: vipAddress, destinationPort: 5353
            )
            #expect(director.xdpHasFlow(udpKey), "the UDP flow has no XDP entry")

            // 3 s without packets: the connection expires, and the next sweep deletes its entry.
            usleep(5_000_000)
            #expect(!ipvsadm("-L -n -c").contains("UDP"), "the UDP connection did not expire")
            #expect(!director.xdpHasFlow(udpKey), "the expired UDP connection still has an XDP entry")

            // Another flow, then the table cleared: the engine drops a connection's packets once
            // its server is gone, so XDP must stop forwarding them too (within a sweep).
            _ = try client.lines(Self.udpFlow(Self.vip, 5353, count: 20, sourcePort: 41001))
            var secondKey = udpKey
            secondKey.sourcePort = 41001
            #expect(director.xdpHasFlow(secondKey), "the second UDP flow has no XDP entry")
            ipvsadm("-C")
            usleep(1_500_000)
            #expect(!director.xdpHasFlow(secondKey), "a connection of a deleted service still has an XDP entry")
            let last = try #require(director.xdpStatistics())
            #expect(last.activeFlows == 0 && last.writeFailures == 0, "\(last)")
        }

        @Test("NAT: both directions of a TCP upload and a UDP flow go through XDP, counted in and out")
        func masqueradeThroughXDP() throws {
            let lab = try DirectorLab(name: "xdpn", hosts: LabTopology.nat(transmitChecksumOffload: false))
            defer { lab.close() }
            let client = lab["client"]
            try lab.startServers(port: 8080, probeFrom: lab["director"]) { _, name in
                [Self.uploadServer(port: 8080), Programs.udpEcho(name: name, port: 5353)]
            }
            // Frames leave the director by XDP_REDIRECT to eth1 (toward the real servers) and to
            // eth0 (the replies): both switch-side peers must run NAPI.
            let passAll = try XDPFastPathProgram(maxEntries: 1)
            var peers: [XDPAttachment] = []
            for interface in ["eth0", "eth1"] {
                let index = try Self.peerIndex(lab["director"], interface)
                peers.append(
                    try lab.lab.switchNamespace.run { try XDPAttachment(passAll.program, interfaceIndex: index) })
            }
            defer { withExtendedLifetime(peers) {} }

            let (director, ipvsadm) = try lab.startDirector(
                interfaces: ["eth0", "eth1"], workers: 1, dataPlane: .xdp, maxConnections: 4096)
            ipvsadm("--set 0 0 3")
            ipvsadm.addService(
                "-t \(Self.vip):80", servers: ["198.18.1.11:8080", "198.18.1.12:8080"], forward: "-m")
            ipvsadm.addService("-u \(Self.vip):53", servers: ["198.18.1.11:5353", "198.18.1.12:5353"], forward: "-m")

            let upload = try client.lines(Self.uploader(Self.vip, 80, size: Self.uploadSize, sourcePort: 42000))
            let fields = (upload.last ?? "").split(separator: " ").map(String.init)
            #expect(fields.count == 4 && fields[0] == fields[2] && fields[1] == fields[3], "upload: \(upload)")
            #expect(fields.first == "\(Self.uploadSize)", "upload: \(upload)")
            usleep(1_500_000)
            let afterTCP = try #require(director.xdpStatistics())
            // Both directions: the data toward the server and its ACKs back to the client.
            #expect(afterTCP.flowsWritten == 2, "\(afterTCP)")
            #expect(afterTCP.packets > 5000, "XDP forwarded too few of the upload's packets: \(afterTCP)")
            #expect(afterTCP.activeFlows == 0, "the FIN withdraws both entries: \(afterTCP)")
            let tcpStats = Self.serviceColumns(ipvsadm("-L -n --stats --exact"), "TCP", "\(Self.vip):80")
            #expect(tcpStats.count == 5, "\(tcpStats)")
            if tcpStats.count == 5 {
                let counted = (UInt64(tcpStats[1]) ?? 0) + (UInt64(tcpStats[2]) ?? 0)
                #expect(counted >= afterTCP.packets, "InPkts + OutPkts \(tcpStats) vs XDP \(afterTCP)")
                #expect((UInt64(tcpStats[3]) ?? 0) >= UInt64(Self.uploadSize), "InBytes \(tcpStats)")
                // The server's ACKs (one per several segments: delayed ACKs, GRO), most by XDP.
                #expect((UInt64(tcpStats[2]) ?? 0) > 100, "OutPkts (the ACKs) \(tcpStats)")
            }

            let udp = try client.lines(Self.udpFlow(Self.vip, 53, count: Self.datagrams, sourcePort: 41000))
            let udpFields = (udp.last ?? "").split(separator: " ").map(String.init)
            #expect(udpFields.count == 2 && !udpFields[1].contains(","), "one real server answers the flow: \(udp)")
            let echoes = Int(udpFields.first ?? "") ?? 0
            #expect(echoes >= Self.datagrams * 95 / 100, "echoes: \(udp)")
            usleep(1_500_000)
            let afterUDP = try #require(director.xdpStatistics())
            #expect(
                afterUDP.packets - afterTCP.packets >= UInt64(Self.datagrams),
                "XDP forwarded too few datagrams (both ways): \(afterUDP) after \(afterTCP)")
            let udpStats = Self.serviceColumns(ipvsadm("-L -n --stats --exact"), "UDP", "\(Self.vip):53")
            #expect(udpStats.first == "1", "one connection only (it never expired mid-flow): \(udpStats)")
            #expect(udpStats.dropFirst().first == "\(Self.datagrams)", "InPkts counts every datagram: \(udpStats)")
            #expect(
                (Int(udpStats.dropFirst(2).first ?? "") ?? 0) >= echoes, "OutPkts counts every echo: \(udpStats)")

            usleep(5_000_000)
            #expect(!ipvsadm("-L -n -c").contains("UDP"), "the UDP connection did not expire")
            let last = try #require(director.xdpStatistics())
            #expect(last.activeFlows == 0 && last.writeFailures == 0, "\(last)")
        }

        @Test("auto on veth: the packet path, because a veth peer decides whether XDP frames arrive")
        func automaticStaysOffVeth() throws {
            let lab = try DirectorLab(name: "xdpa", hosts: LabTopology.flat())
            defer { lab.close() }
            let driver = try lab["director"].run { try Ethtool.driver(interface: "eth0") }
            #expect(driver == InterfaceDriver(name: "veth", busInfo: ""), "ethtool -i of the lab's veth: \(driver)")
            let (director, _) = try lab.startDirector(interfaces: ["eth0"], workers: 1, dataPlane: .automatic)
            #expect(director.dataPlane == .packet)
            #expect(director.xdpStatistics() == nil)
            #expect(try !lab["director"].ip("-o", "link", "show", "dev", "eth0").contains(" xdp"))
        }

        static func peerIndex(_ host: LabHost, _ interface: String = "eth0") throws -> Int32 {
            let line = try host.ip("-o", "link", "show", "dev", interface)
            return try #require(
                line.split(separator: " ").lazy.compactMap { word -> Int32? in
                    guard let r = word.range(of: "@if") else { return nil }
                    return Int32(word[r.upperBound...].prefix { $0.isNumber })
                }.first, "no veth peer in \(line)")
        }

        /// The service line's columns after its address (Conns InPkts OutPkts InBytes OutBytes).
        static func serviceColumns(_ listing: String, _ proto: String, _ service: String) -> [String] {
            for line in listing.split(separator: "\n") {
                let f = line.split(separator: " ").map(String.init)
                if f.count >= 2, f[0] == proto, f[1] == service { return Array(f.dropFirst(2)) }
            }
            return []
        }

        /// Reads a connection to its end and answers "LENGTH SHA256" (on IPv6 with `ipv6`).
        static func uploadServer(port: Int, ipv6: Bool = false) -> [String] {
            [
                "python3", "-c",
                """
                import socketserver, hashlib, socket
                class H(socketserver.BaseRequestHandler):
                    def handle(self):
                        h = hashlib.sha256(); n = 0
                        try:
                            while True:
                                d = self.request.recv(1 << 16)
                                if not d: break
                                h.update(d); n += len(d)
                            self.request.sendall(b'%d %s\\n' % (n, h.hexdigest().encode()))
                        except OSError: pass
                class S(socketserver.ThreadingTCPServer):
                    allow_reuse_address = True
                    daemon_threads = True
                    address_family = socket.\(ipv6 ? "AF_INET6" : "AF_INET")
                S(('\(ipv6 ? "::" : "0.0.0.0")', \(port)), H).serve_forever()
                """,
            ]
        }

        /// Sends `size` pseudo-random bytes; prints "LENGTH SHA256 " and the server's answer.
        static func uploader(_ host: String, _ port: Int, size: Int, sourcePort: Int) -> [String] {
            let ipv6 = host.contains(":")
            return [
                "python3", "-c",
                """
                import socket, hashlib, random
                data = random.Random(7).randbytes(\(size))
                s = socket.socket(socket.\(ipv6 ? "AF_INET6" : "AF_INET")); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(('\(ipv6 ? "::" : "0.0.0.0")', \(sourcePort))); s.settimeout(30); s.connect(('\(host)', \(port)))
                s.sendall(data); s.shutdown(socket.SHUT_WR)
                r = b''
                while True:
                    d = s.recv(4096)
                    if not d: break
                    r += d
                s.close()
                print(len(data), hashlib.sha256(data).hexdigest(), r.decode().strip(), flush=True)
                """,
            ]
        }

        /// `count` 1000-byte datagrams from one source port, about 2 ms apart; prints how many
        /// answers came and the answering servers' names.
        static func udpFlow(_ host: String, _ port: Int, count: Int, sourcePort: Int) -> [String] {
            [
                "python3", "-c",
                """
                import socket, time
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('0.0.0.0', \(sourcePort)))
                s.setblocking(False)
                got = 0; names = set(); payload = b'x' * 1000
                def drain():
                    global got
                    try:
                        while True:
                            d = s.recv(2048); got += 1; names.add(d.decode())
                    except BlockingIOError: pass
                for i in range(\(count)):
                    s.sendto(payload, ('\(host)', \(port))); time.sleep(0.002); drain()
                end = time.time() + 1
                while time.time() < end:
                    time.sleep(0.05); drain()
                print(got, ','.join(sorted(names)), flush=True)
                """,
            ]
        }
    }
}
