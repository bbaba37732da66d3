import LVSControlTestSupport
import LVSCore
import LVSDataPlane
import LVSDirector
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import LVSVocabulary
import LVSWire
import Testing

/// A captured frame's summary, whatever its IPv4 header checksum (this test looks at where frames
/// go; the unit tests check the checksums).
func parseFrame(_ bytes: [UInt8]) -> PacketSummary? {
    frameSummary(bytes, verifyIPv4Checksum: false)
}

/// The inner packet of an IPIP or GUE frame, parsed.
func innerPacket(_ bytes: [UInt8], guePort: UInt16?) -> PacketSummary? {
    var copy = bytes
    return copy.withUnsafeMutableBytes { raw -> PacketSummary? in
        let frame = FrameBuffer(raw)
        guard let s = FrameParser().parse(frame).ipSummary,
            case .inner(let inner) = Decapsulator.innerPacket(frame, s, guePort: guePort)
        else { return nil }
        var view = frame
        view.setCount(inner.offset + inner.length)
        return FrameParser().parseIP(view, l3: inner.offset, isV6: inner.family == .inet6).ipSummary
    }
}

extension DirectorLabTests {
    /// This kernel may have no ipip module, so the real servers here do not decapsulate: a ring
    /// in each real server's namespace shows what arrives (the `lvs realserver` helper's tests
    /// cover decapsulation end to end).
    @Test("TUN: ipip and gue frames reach the real servers; too big with DF answers fragmentation needed")
    func tunnel() throws {
        let lab = try DirectorLab(name: "tun", hosts: LabTopology.flat())
        defer { lab.close() }
        let client = lab["client"]
        let directorHost = lab["director"]
        // Frame slots, not TPACKET_V3 blocks: a block holding the last frames of the test is
        // handed over only when its retire timer fires, and on a loaded machine that was seen
        // to be later than the test waits (the ICMP was sent, the capture never showed it).
        let ring = PacketRingConfiguration.small(.frames, txFrames: 0)
        let captures = try ["rs1", "rs2", "client"].map { name in
            try lab[name].run { try PacketRing(interface: "eth0", configuration: ring) }
        }
        // What the director itself puts on the wire (diagnostics when the ICMP goes missing).
        var watch = ring
        watch.ignoreOutgoing = false
        let directorWire = try directorHost.run { try PacketRing(interface: "eth0", configuration: watch) }
        let (director, ipvsadm) = try lab.startDirector(interfaces: ["eth0"], workers: 1)
        ipvsadm("-A -u \(Self.vip):5353 -s rr")
        ipvsadm("-a -u \(Self.vip):5353 -r 198.18.0.11 -i")
        ipvsadm("-a -u \(Self.vip):5353 -r 198.18.0.12 -i --tun-type gue --tun-port 6080")
        #expect(ipvsadm("-L -n --tun-info").contains("gue"))

        // Two datagrams from fresh ports (one per server), then one that cannot fit the tunnel.
        let send = try client.exec([
            "python3", "-c",
            """
            import socket
            for i in range(2):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(b'tunnelled', ('\(Self.vip)', 5353)); s.close()
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.IPPROTO_IP, 10, 2)  # IP_MTU_DISCOVER = IP_PMTUDISC_DO: DF set
            s.connect(('\(Self.vip)', 5353))
            import time; time.sleep(0.3)
            s.send(b'x' * 1472)
            """,
        ])
        #expect(send.status == 0, "\(send.stderr)")

        let ipip = try captures[0].collect(count: 1) { bytes -> PacketSummary? in
            guard let outer = parseFrame(bytes), outer.ipProtocol == IPProtocolNumber.ipip else { return nil }
            #expect(outer.source == InetAddress("198.18.0.2") && outer.destination == InetAddress("198.18.0.11"))
            return innerPacket(bytes, guePort: nil)
        }
        let gue = try captures[1].collect(count: 1) { bytes -> PacketSummary? in
            guard let outer = parseFrame(bytes), outer.ipProtocol == IPProtocolNumber.udp, outer.destinationPort == 6080
            else { return nil }
            #expect(outer.destination == InetAddress("198.18.0.12"))
            return innerPacket(bytes, guePort: 6080)
        }
        for inner in [ipip.first, gue.first] {
            let s = try #require(inner)
            #expect(s.source == InetAddress("198.18.0.100"))
            #expect(s.destination == InetAddress(Self.vip) && s.destinationPort == 5353)
            #expect(s.hopLimit == 63)
        }
        var seenAtClient: [String] = []
        let tooBig = try captures[2].collect(count: 1, timeoutMilliseconds: 10_000) { bytes -> ICMPSummary? in
            let s = parseFrame(bytes)
            seenAtClient.append(
                "\(bytes.count)B \(s.map { "\($0.source)->\($0.destination) p\($0.ipProtocol)" } ?? "non-IP")")
            guard let s, s.ipProtocol == IPProtocolNumber.icmp, let icmp = s.icmp,
                icmp.type == ICMPType.destinationUnreachable
            else { return nil }
            return icmp
        }
        var leftDirector: [String] = []
        if tooBig.isEmpty {
            _ = try directorWire.collect(count: 1_000, timeoutMilliseconds: 500) { bytes -> Int? in
                let s = parseFrame(bytes)
                leftDirector.append(
                    "\(bytes.count)B \(bytes[0..<6].map { String($0, radix: 16) }.joined(separator: ":")) "
                        + "\(s.map { "\($0.source)->\($0.destination) p\($0.ipProtocol)" } ?? "non-IP")")
                return nil
            }
        }
        let counters = director.counters()
        #expect(tooBig.first?.code == ICMPType.fragmentationNeededCode, "on the director's wire: \(leftDirector)")
        #expect(
            tooBig.first?.code == ICMPType.fragmentationNeededCode,
            "drops \(counters.dropsByLabel) passed \(counters.passedByLabel) icmp \(counters.icmpSent) transmitted \(counters.transmitted) client saw \(seenAtClient) \(ipvsadm("-L -n -c"))"
        )
        // The third new connection goes where the first went: rs2, the GUE server (rr starts at
        // the most recently added server, as the kernel's does), so 1500 - 20 - 8 - 4.
        #expect(tooBig.first?.restOfHeader == 1468)
        #expect(director.counters().icmpSent >= 1)
    }
}
