import LVSControlTestSupport
import LVSCore
import LVSDirector
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import LVSVocabulary
import LVSXDP
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `--data-plane xdp` beyond IPv4 DR and NAT with one worker: an ipip tunnel (the real servers
/// decapsulate with `lvs realserver`), IPv6 DR, two workers. Each case: a TCP upload arrives
/// intact and UDP datagrams are counted exactly by ipvsadm after XDP forwarded most of them.
extension DirectorLabTests.XDPDirectorLabTests {
    static let shortUpload = 4 << 20
    static let shortFlow = 500

    @Test(
        "TUN (ipip and GUE, IPv4): a TCP upload and a UDP flow go through XDP's encapsulation to real servers that decapsulate",
        .enabled(if: LVSBinary.url != nil, "needs the built lvs binary"), arguments: ["ipip", "gue"])
    func tunnelThroughXDP(_ tunnel: String) throws {
        let labName = tunnel == "gue" ? "xdpg" : "xdpt"
        let lab = try DirectorLab(name: labName, hosts: LabTopology.flat(transmitChecksumOffload: false))
        defer { lab.close() }
        let lvs = try #require(LVSBinary.path)
        let client = lab["client"]
        let stateDirectories = ["rs1", "rs2"].map { "/tmp/lvs-\(labName)-\(getpid())-\($0)" }
        // GUE to a port of the lab's choosing; the servers decapsulate on it.
        let tunnelOptions = tunnel == "gue" ? ["--tunnel", "gue", "--tun-port", "6080"] : ["--tunnel", "ipip"]
        let forward = tunnel == "gue" ? "-i --tun-type gue --tun-port 6080" : "-i"
        try lab.startServers(port: 9000, probeFrom: client) { _, name in
            [
                [lvs, "realserver", "start", "--vip", Self.vip] + tunnelOptions + [
                    "--state-dir", "/tmp/lvs-\(labName)-\(getpid())-\(name)",
                ],
                Self.uploadServer(port: 9000),
                Programs.udpEcho(name: name, port: 5353, bind: Self.vip),
            ]
        }
        defer {
            for (name, dir) in zip(["rs1", "rs2"], stateDirectories) {
                _ = try? lab[name].exec([lvs, "realserver", "stop", "--state-dir", dir])
                _ = try? lab[name].exec(["rm", "-rf", dir])
            }
        }
        let peer = try Self.passAllOnPeers(lab, ["eth0"])
        defer { withExtendedLifetime(peer) {} }

        let (director, ipvsadm) = try lab.startDirector(
            interfaces: ["eth0"], workers: 1, dataPlane: .xdp, maxConnections: 4096)
        ipvsadm.addService(
            "-t \(Self.vip):9000", servers: ["198.18.0.11:9000", "198.18.0.12:9000"], forward: forward)
        ipvsadm.addService("-u \(Self.vip):5353", servers: ["198.18.0.11", "198.18.0.12"], forward: forward)

        // The first full-size segments do not fit the tunnel: the Swift path answers
        // "fragmentation needed", the client's path MTU drops, the rest fits and goes through XDP.
        try Self.expectUpload(client, Self.vip, 9000, size: Self.shortUpload, sourcePort: 42000)
        let tcpKey = XDPFlowKey(
            ipProtocol: 6, source: InetAddress(LabTopology.client)!, sourcePort: 42000,
            destination: InetAddress(Self.vip)!, destinationPort: 9000)
        #expect(!director.xdpHasFlow(tcpKey), "the finished TCP connection still has an XDP entry")
        try Self.expectUDPCountedExactly(
            lab, director, ipvsadm, sources: [LabTopology.client], service: "\(Self.vip):5353", port: 5353,
            minimumThroughXDP: Self.shortFlow / 2)
        let after = try #require(director.xdpStatistics())
        // 4 MiB in about 1400-byte segments: 3000 packets, all but the first few through XDP.
        #expect(after.packets > 2000 + UInt64(Self.shortFlow / 2), "XDP forwarded too few packets: \(after)")
        #expect(after.writeFailures == 0, "\(after)")
    }

    @Test("IPv6 DR: a TCP upload and UDP datagrams go through XDP, counted exactly by ipvsadm")
    func directRouting6ThroughXDP() throws {
        let lab = try DirectorLab(name: "xdp6", hosts: LabTopology.flat(transmitChecksumOffload: false))
        defer { lab.close() }
        let client = lab["client"]
        let vip6 = LabTopology.virtualAddress6
        try lab.startServers(port: 9000, probeFrom: client, ipv6: true) { rs, name in
            try rs.ip("-6", "addr", "add", "\(vip6)/128", "dev", "lo")
            return [Self.uploadServer(port: 9000, ipv6: true), Programs.udpEcho(name: name, port: 5353, bind: vip6)]
        }
        let peer = try Self.passAllOnPeers(lab, ["eth0"])
        defer { withExtendedLifetime(peer) {} }

        let (director, ipvsadm) = try lab.startDirector(
            interfaces: ["eth0"], workers: 1, dataPlane: .xdp, maxConnections: 4096)
        ipvsadm.addService(
            "-t [\(vip6)]:9000", servers: ["[2001:db8::11]:9000", "[2001:db8::12]:9000"], forward: "-g")
        ipvsadm.addService("-u [\(vip6)]:5353", servers: ["2001:db8::11", "2001:db8::12"], forward: "-g")

        try Self.expectUpload(client, vip6, 9000, size: Self.shortUpload, sourcePort: 42000)
        let afterTCP = try #require(director.xdpStatistics())
        #expect(afterTCP.packets > 2000, "XDP forwarded too few of the upload's packets: \(afterTCP)")
        let tcpStats = Self.serviceColumns(ipvsadm("-L -n --stats --exact"), "TCP", "[\(vip6)]:9000")
        #expect(
            tcpStats.count == 5 && (UInt64(tcpStats[3]) ?? 0) >= UInt64(Self.shortUpload)
                && (UInt64(tcpStats[1]) ?? 0) >= afterTCP.packets,
            "InPkts/InBytes \(tcpStats) vs XDP \(afterTCP)")
        try Self.expectUDPCountedExactly(
            lab, director, ipvsadm, sources: [LabTopology.client6], service: "[\(vip6)]:5353", port: 5353,
            minimumThroughXDP: Self.shortFlow / 2)
    }

    @Test("IPv6 NAT: both directions of a TCP upload and a UDP flow go through XDP, counted exactly by ipvsadm")
    func masquerade6ThroughXDP() throws {
        let lab = try DirectorLab(name: "xdpn6", hosts: LabTopology.nat(transmitChecksumOffload: false))
        defer { lab.close() }
        let client = lab["client"]
        let vip6 = LabTopology.virtualAddress6
        try lab.startServers(port: 9000, probeFrom: lab["director"], ipv6: true) { _, name in
            [Self.uploadServer(port: 9000, ipv6: true), Programs.udpEcho(name: name, port: 5353, bind: "::")]
        }
        // XDP redirects toward the real servers (eth1) and back to the client (eth0).
        let peers = try Self.passAllOnPeers(lab, ["eth0", "eth1"])
        defer { withExtendedLifetime(peers) {} }

        let (director, ipvsadm) = try lab.startDirector(
            interfaces: ["eth0", "eth1"], workers: 1, dataPlane: .xdp, maxConnections: 4096)
        ipvsadm.addService(
            "-t [\(vip6)]:80", servers: ["[2001:db8:1::11]:9000", "[2001:db8:1::12]:9000"], forward: "-m")
        ipvsadm.addService(
            "-u [\(vip6)]:5353", servers: ["[2001:db8:1::11]:5353", "[2001:db8:1::12]:5353"], forward: "-m")

        try Self.expectUpload(client, vip6, 80, size: Self.shortUpload, sourcePort: 42000)
        let afterTCP = try #require(director.xdpStatistics())
        // Both directions: the data toward the server, its ACKs back to the client.
        #expect(
            afterTCP.flowsWritten == 2 && afterTCP.activeFlows == 0, "written both ways, gone after FIN: \(afterTCP)")
        #expect(afterTCP.packets > 2000, "XDP forwarded too few of the upload's packets: \(afterTCP)")
        let tcpStats = Self.serviceColumns(ipvsadm("-L -n --stats --exact"), "TCP", "[\(vip6)]:80")
        #expect(
            tcpStats.count == 5 && (UInt64(tcpStats[3]) ?? 0) >= UInt64(Self.shortUpload)
                && (UInt64(tcpStats[1]) ?? 0) + (UInt64(tcpStats[2]) ?? 0) >= afterTCP.packets,
            "InPkts + OutPkts, InBytes \(tcpStats) vs XDP \(afterTCP)")
        try Self.expectUDPCountedExactly(
            lab, director, ipvsadm, sources: [LabTopology.client6], service: "[\(vip6)]:5353", port: 5353,
            minimumThroughXDP: Self.shortFlow / 2)
        let udpStats = Self.serviceColumns(ipvsadm("-L -n --stats --exact"), "UDP", "[\(vip6)]:5353")
        #expect(
            (Int(udpStats.dropFirst(2).first ?? "") ?? 0) >= Self.shortFlow * 95 / 100,
            "OutPkts counts the echoes, most forwarded by XDP: \(udpStats)")
    }

    @Test("Two workers: UDP flows of clients steered to both workers go through XDP, counted exactly")
    func twoWorkersThroughXDP() throws {
        let lab = try DirectorLab(name: "xdpw", hosts: LabTopology.flat(transmitChecksumOffload: false))
        defer { lab.close() }
        let client = lab["client"]
        // Workers are chosen by the client's address (ClientFlowSteering): eight client
        // addresses spread over both.
        let sources = (0..<8).map { "198.18.0.\(150 + $0)" }
        for source in sources { try client.ip("addr", "add", source + "/24", "dev", "eth0") }
        try lab.startServers(port: 9000, probeFrom: client) { rs, name in
            try rs.becomeRealServer(vip: Self.vip)
            return [Self.uploadServer(port: 9000), Programs.udpEcho(name: name, port: 5353, bind: Self.vip)]
        }
        let peer = try Self.passAllOnPeers(lab, ["eth0"])
        defer { withExtendedLifetime(peer) {} }

        let (director, ipvsadm) = try lab.startDirector(
            interfaces: ["eth0"], workers: 2, dataPlane: .xdp, maxConnections: 4096)
        ipvsadm.addService("-u \(Self.vip):5353", servers: ["198.18.0.11", "198.18.0.12"], forward: "-g")

        try Self.expectUDPCountedExactly(
            lab, director, ipvsadm, sources: sources, service: "\(Self.vip):5353", port: 5353,
            minimumThroughXDP: sources.count * Self.shortFlow / 2)
        let s = try #require(director.xdpStatistics())
        #expect(
            s.flowsWrittenByWorker.count == 2 && s.flowsWrittenByWorker.allSatisfy { $0 > 0 }
                && s.flowsWrittenByWorker.reduce(0, +) == UInt64(sources.count),
            "each worker wrote its clients' flows: \(s)")
        #expect(
            s.packetsByWorker.count == 2 && s.packetsByWorker.allSatisfy { $0 >= UInt64(Self.shortFlow / 2) },
            "XDP forwarded flows of both workers: \(s)")
    }

    @Test(
        "rs1's MAC changes under an offloaded UDP flow: the entry is withdrawn and rewritten, the flow still reaches rs1"
    )
    func neighbourChangeThroughXDP() throws {
        let lab = try DirectorLab(name: "xdpm", hosts: LabTopology.flat(transmitChecksumOffload: false))
        defer { lab.close() }
        try lab.startServers(port: 80, probeFrom: lab["client"]) { rs, name in
            try rs.becomeRealServer(vip: Self.vip)
            return [Programs.http(name: name, port: 80), Programs.udpEcho(name: name, port: 5353, bind: Self.vip)]
        }
        let peer = try Self.passAllOnPeers(lab, ["eth0"])
        defer { withExtendedLifetime(peer) {} }
        let (director, ipvsadm) = try lab.startDirector(
            interfaces: ["eth0"], workers: 1, dataPlane: .xdp, maxConnections: 4096)
        ipvsadm.addService("-u \(Self.vip):5353", servers: ["198.18.0.11"], forward: "-g")

        try Self.expectUDPCountedExactly(
            lab, director, ipvsadm, sources: [LabTopology.client], service: "\(Self.vip):5353", port: 5353,
            minimumThroughXDP: Self.shortFlow / 2)
        let before = try #require(director.xdpStatistics())
        #expect(before.flowsWritten == 1 && before.activeFlows == 1, "\(before)")

        // A new MAC; rs1 announces it (gratuitous ARP), the director's kernel updates its
        // neighbour entry, and the director's view changes within its next read.
        let moved = try Self.changeMAC(of: lab["rs1"], to: "02:1b:00:00:03:99", director: director, from: before)
        #expect(moved.hopsMoved == 1, "the entry holding rs1's old MAC was not withdrawn: \(moved)")

        // The same flow again (same source port: the same connection): answered, through XDP.
        try Self.expectSameFlowAnswered(lab, port: 5353, by: "rs1", "rs1 answers after its MAC changed")
        let after = try #require(director.xdpStatistics())
        #expect(after.flowsWritten == 2 && after.activeFlows == 1, "written again with the new MAC: \(after)")
        #expect(after.packets - moved.packets >= UInt64(Self.shortFlow / 2), "through XDP again: \(after)")
        let stats = Self.serviceColumns(ipvsadm("-L -n --stats --exact"), "UDP", "\(Self.vip):5353")
        #expect(stats.first == "1" && stats.dropFirst().first == "\(2 * Self.shortFlow)", "\(stats)")
    }

    @Test(
        "NAT: the client's MAC changes under an offloaded UDP flow: its gratuitous ARP withdraws the reply's entry, replies reach the new MAC"
    )
    func learnedNeighbourChangeThroughXDP() throws {
        let lab = try DirectorLab(name: "xdpc", hosts: LabTopology.nat(transmitChecksumOffload: false))
        defer { lab.close() }
        try lab.startServers(port: 80, probeFrom: lab["director"]) { _, name in
            [Programs.http(name: name, port: 80), Programs.udpEcho(name: name, port: 5353)]
        }
        let peers = try Self.passAllOnPeers(lab, ["eth0", "eth1"])
        defer { withExtendedLifetime(peers) {} }
        let (director, ipvsadm) = try lab.startDirector(
            interfaces: ["eth0", "eth1"], workers: 1, dataPlane: .xdp, maxConnections: 4096)
        ipvsadm.addService("-u \(Self.vip):53", servers: ["198.18.1.11:5353"], forward: "-m")

        try Self.expectUDPCountedExactly(
            lab, director, ipvsadm, sources: [LabTopology.client], service: "\(Self.vip):53", port: 53,
            minimumThroughXDP: Self.shortFlow / 2)
        let before = try #require(director.xdpStatistics())
        #expect(before.flowsWritten == 2 && before.activeFlows == 2, "both directions offloaded: \(before)")

        // The client's reply hop is what the worker learned from its frames (no kernel neighbour
        // entry changes here). A new MAC; with arp_notify the client announces it.
        let moved = try Self.changeMAC(of: lab["client"], to: "02:1b:00:00:04:99", director: director, from: before)
        #expect(moved.hopsMoved == 1, "the reply entry holding the client's old MAC was not withdrawn: \(moved)")

        // The same flow again: every reply reaches the client at its new MAC, through XDP again.
        try Self.expectSameFlowAnswered(
            lab, port: 53, by: "rs1", "rs1's replies reach the client after its MAC changed")
        let after = try #require(director.xdpStatistics())
        #expect(after.flowsWritten == 3 && after.activeFlows == 2, "the reply written again: \(after)")
        #expect(after.packets - moved.packets >= UInt64(Self.shortFlow / 2), "through XDP again: \(after)")
    }

    // MARK: Helpers

    /// Gives `host`'s eth0 a new MAC, which it announces (arp_notify: a gratuitous ARP), and
    /// waits up to 5 s for the director to withdraw an XDP entry over it; returns the statistics
    /// then.
    static func changeMAC(
        of host: LabHost, to mac: String, director: Director, from before: XDPFastPathStatistics
    ) throws -> XDPFastPathStatistics {
        _ = try host.execChecked(["sysctl", "-q", "-w", "net.ipv4.conf.eth0.arp_notify=1"])
        _ = try host.ip("link", "set", "dev", "eth0", "address", mac)
        var moved = before
        for _ in 0..<50 where moved.hopsMoved == before.hopsMoved {
            usleep(100_000)
            moved = try #require(director.xdpStatistics())
        }
        return moved
    }

    /// The client's flow from port 41000 to the VIP's UDP `port` once more (the same connection),
    /// `shortFlow` datagrams: at least 95% answered, all by `server`; then one sweep.
    static func expectSameFlowAnswered(
        _ lab: DirectorLab, port: Int, by server: String, _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let lines = try lab["client"].lines(
            Self.udpFlows(Self.vip, port, sources: [LabTopology.client], sourcePort: 41000, count: Self.shortFlow))
        let f = (lines.last ?? "").split(separator: " ").map(String.init)
        #expect(
            f.count == 3 && f[2] == server && (Int(f[1]) ?? 0) >= Self.shortFlow * 95 / 100, "\(what): \(lines)",
            sourceLocation: sourceLocation)
        usleep(1_500_000)
    }

    /// An empty-map instance of the program on the switch-side peers of the director's
    /// `interfaces`: veth delivers redirected and XDP_TX frames only to a peer running NAPI.
    static func passAllOnPeers(_ lab: DirectorLab, _ interfaces: [String]) throws -> [XDPAttachment] {
        let passAll = try XDPFastPathProgram(maxEntries: 1)
        return try interfaces.map { interface in
            let index = try Self.peerIndex(lab["director"], interface)
            return try lab.lab.switchNamespace.run { try XDPAttachment(passAll.program, interfaceIndex: index) }
        }
    }

    /// Uploads `size` bytes from `client` and expects the server's length and SHA-256 to match;
    /// then waits one sweep, so XDP's counts have reached the engine.
    static func expectUpload(
        _ client: LabHost, _ host: String, _ port: Int, size: Int, sourcePort: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let upload = try client.lines(Self.uploader(host, port, size: size, sourcePort: sourcePort))
        let fields = (upload.last ?? "").split(separator: " ").map(String.init)
        #expect(
            fields.count == 4 && fields[0] == fields[2] && fields[1] == fields[3] && fields[0] == "\(size)",
            "upload: \(upload)", sourceLocation: sourceLocation)
        usleep(1_500_000)
    }

    /// `shortFlow` datagrams from each of `sources` (port 41000 each, one flow per source),
    /// echoed; then one sweep. Expects every flow answered by one server, one connection per
    /// flow, every datagram in ipvsadm's InPkts, and at least `minimumThroughXDP` of them
    /// forwarded by XDP.
    static func expectUDPCountedExactly(
        _ lab: DirectorLab, _ director: Director, _ ipvsadm: InProcessIPVSAdm, sources: [String],
        service: String, port: Int, minimumThroughXDP: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try #require(director.xdpStatistics(), sourceLocation: sourceLocation)
        let host = service.hasPrefix("[") ? String(service.dropFirst().prefix { $0 != "]" }) : Self.vip
        let lines = try lab["client"].lines(
            Self.udpFlows(host, port, sources: sources, sourcePort: 41000, count: Self.shortFlow))
        let total = sources.count * Self.shortFlow
        for line in lines {
            let f = line.split(separator: " ").map(String.init)
            #expect(
                f.count == 3 && !f[2].contains(",") && (Int(f[1]) ?? 0) >= Self.shortFlow * 95 / 100,
                "each flow answered by one server: \(lines)", sourceLocation: sourceLocation)
        }
        #expect(lines.count == sources.count, "\(lines)", sourceLocation: sourceLocation)
        usleep(1_500_000)
        let after = try #require(director.xdpStatistics(), sourceLocation: sourceLocation)
        #expect(
            after.packets - before.packets >= UInt64(minimumThroughXDP),
            "XDP forwarded too few datagrams: \(after) after \(before)", sourceLocation: sourceLocation)
        let stats = Self.serviceColumns(ipvsadm("-L -n --stats --exact"), "UDP", service)
        #expect(stats.first == "\(sources.count)", "one connection per flow: \(stats)", sourceLocation: sourceLocation)
        #expect(
            stats.dropFirst().first == "\(total)", "InPkts counts every datagram (\(total)): \(stats)",
            sourceLocation: sourceLocation)
    }

    /// `count` 200-byte datagrams from each source address (port `sourcePort`), interleaved,
    /// about 2 ms per round; prints per source "ADDRESS ANSWERS SERVERS".
    static func udpFlows(_ host: String, _ port: Int, sources: [String], sourcePort: Int, count: Int) -> [String] {
        let family = host.contains(":") ? "AF_INET6" : "AF_INET"
        let list = sources.map { "'\($0)'" }.joined(separator: ", ")
        return [
            "python3", "-c",
            """
            import socket, time
            sources = [\(list)]
            socks = []
            for a in sources:
                s = socket.socket(socket.\(family), socket.SOCK_DGRAM); s.bind((a, \(sourcePort))); s.setblocking(False)
                socks.append(s)
            got = [0] * len(socks); names = [set() for _ in socks]; payload = b'x' * 200
            def drain():
                for i, s in enumerate(socks):
                    try:
                        while True:
                            d = s.recv(2048); got[i] += 1; names[i].add(d.decode())
                    except BlockingIOError: pass
            for n in range(\(count)):
                for s in socks: s.sendto(payload, ('\(host)', \(port)))
                time.sleep(0.002); drain()
            end = time.time() + 1
            while time.time() < end:
                time.sleep(0.05); drain()
            for i, a in enumerate(sources): print(a, got[i], ','.join(sorted(names[i])), flush=True)
            """,
        ]
    }
}
