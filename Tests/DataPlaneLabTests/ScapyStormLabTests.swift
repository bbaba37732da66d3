import LVSControlTestSupport
import LVSCore
import LVSDirector
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSWire
import Testing

/// Malformed frames made with scapy, sent by a python3 that can import it.
enum Scapy {
    static var python: String? { pythonImporting("scapy.all") }

    /// Sends `perKind` frames of each kind of malformed (or odd) frame from `iface` to the
    /// director's MAC and the VIP, then prints how many it sent. Deterministic (seeded).
    static func storm(iface: String, to: String, from: String, source: String, vip: String, perKind: Int) -> [String] {
        [
            python ?? "python3", "-c",
            """
            import random, sys
            from scapy.all import Ether, IP, TCP, UDP, Raw, IPOption_NOP, IPOption_RR, raw, sendp, conf
            conf.verb = 0
            random.seed(7)
            E = Ether(dst='\(to)', src='\(from)')
            def ip(**kw): return IP(src='\(source)', dst='\(vip)', **kw)
            def port(): return random.randrange(1024, 10000)
            def garbage(n): return bytes(random.getrandbits(8) for _ in range(n))
            def eth_raw(b): return Ether(dst='\(to)', src='\(from)', type=0x0800) / Raw(b)
            def syn(): return ip() / TCP(sport=port(), dport=80, flags='S')
            def ip_bytes(p): return bytearray(raw(p))
            def with_ip_checksum(b):
                b[10:12] = b'\\0\\0'
                h = (b[0] & 15) * 4
                s = sum((b[i] << 8) + b[i + 1] for i in range(0, min(h, len(b)) - 1, 2))
                while s > 0xffff: s = (s & 0xffff) + (s >> 16)
                c = ~s & 0xffff
                b[10] = c >> 8; b[11] = c & 0xff
                return bytes(b)
            def cut(p, n):
                b = ip_bytes(p)[:n]; b[2:4] = n.to_bytes(2, 'big'); return eth_raw(with_ip_checksum(b))
            def bad_ihl_low():
                b = ip_bytes(syn()); b[0] = 0x43; return eth_raw(with_ip_checksum(b))
            def bad_ihl_high():
                b = ip_bytes(syn()); b[0] = 0x4f; return eth_raw(with_ip_checksum(b))
            def total_too_long():
                b = ip_bytes(syn()); b[2:4] = (1400).to_bytes(2, 'big'); return eth_raw(with_ip_checksum(b))
            def total_too_short():
                b = ip_bytes(syn()); b[2:4] = (16).to_bytes(2, 'big'); return eth_raw(with_ip_checksum(b))
            kinds = [
                lambda: Raw(garbage(random.randrange(1, 14))),                       # truncated Ethernet
                lambda: eth_raw(raw(syn())[:random.randrange(1, 20)]),               # truncated IPv4
                lambda: cut(syn(), 20 + random.randrange(1, 20)),                      # truncated TCP, consistent IP
                lambda: cut(ip() / UDP(sport=port(), dport=53), 20 + random.randrange(1, 8)),  # truncated UDP
                lambda: eth_raw(raw(syn())[:20 + random.randrange(1, 20)]),          # frame shorter than total length
                lambda: E / ip() / UDP(sport=port(), dport=53, len=200) / Raw(b'q'), # UDP length past the packet
                bad_ihl_low, bad_ihl_high, total_too_long, total_too_short,
                lambda: E / ip(chksum=0x1234) / TCP(sport=port(), dport=80, flags='S'),   # bad IP checksum
                lambda: E / ip() / TCP(sport=port(), dport=80, flags='S', chksum=0x1234), # bad TCP checksum
                lambda: E / ip() / TCP(sport=port(), dport=80, flags='S', dataofs=2),     # bad TCP data offset
                lambda: E / ip(options=[IPOption_NOP(), IPOption_RR()]) / TCP(sport=port(), dport=80, flags='S'),
                lambda: E / ip(flags='MF') / TCP(sport=port(), dport=80, flags='S') / Raw(garbage(16)),
                lambda: E / ip(frag=random.randrange(1, 100)) / Raw(garbage(24)),
                lambda: E / ip(flags='MF', frag=random.randrange(1, 100)) / Raw(garbage(24)),
                lambda: eth_raw(garbage(random.randrange(1, 200))),                  # garbage as IPv4
                lambda: E / ip(version=6) / TCP(sport=port(), dport=80, flags='S'),   # version 6 in an IPv4 frame
                lambda: E / ip() / TCP(sport=port(), dport=80, flags=random.choice(['SF', 'SR', 'SFPU', 'FPU', '', 'SA', 'SEC'])),
            ]
            frames = [k() for k in kinds for _ in range(\(perKind))]
            random.shuffle(frames)
            sendp(frames, iface='\(iface)')
            print(len(frames), flush=True)
            """,
        ]
    }
}

extension DirectorLabTests {
    @Suite("A scapy storm of malformed frames", requirePython(importing: "scapy.all", package: "python3-scapy"))
    struct ScapyStormLabTests {
        static let kinds = 20
        static let perKind = 100  // 2,000 frames

        @Test("the director survives a scapy storm, drops it by reason, and still balances HTTP")
        func scapyStorm() throws {
            let lab = try DirectorLab(name: "scapy", hosts: LabTopology.flat())
            defer { lab.close() }
            let client = lab["client"]
            let directorHost = lab["director"]
            let vip = DirectorLabTests.vip
            try lab.startDirectRoutingServers(vip: vip)
            let (director, ipvsadm) = try lab.startDirector(interfaces: ["eth0"], workers: 1)
            ipvsadm.addService("-t \(vip):80", servers: ["198.18.0.11", "198.18.0.12"], forward: "-g")
            let before = director.counters()

            let sent = try client.lines(
                Scapy.storm(
                    iface: "eth0", to: directorHost.primary.mac.description,
                    from: client.primary.mac.description, source: "198.18.0.100",
                    vip: vip, perKind: Self.perKind))
            #expect(sent == ["\(Self.kinds * Self.perKind)"])

            let received = director.counters().received
            let answers = try client.lines(Programs.httpGets("http://\(vip)/", count: 4))
            #expect(answers.count == 4 && Set(answers) == ["rs1", "rs2"], "\(answers)")
            #expect(answers.count == 4 && alternates(answers), "\(answers)")

            let after = director.counters()
            // The workers still read frames after the storm.
            #expect(after.received > received)
            #expect(after.received - before.received >= UInt64(Self.kinds * Self.perKind) / 2)
            let expected: [DropReason] = [
                .truncatedIPv4, .badIPv4HeaderLength, .badIPv4TotalLength, .badIPv4Checksum,
                .ipv4Fragment, .truncatedTCP, .badTCPDataOffset, .truncatedUDP, .badUDPLength,
                .badIPv4Version,
            ]
            var grew: [String] = []
            for reason in DropReason.allCases where after.dropped(.wire(reason)) > before.dropped(.wire(reason)) {
                grew.append(reason.label)
            }
            for reason in expected {
                #expect(
                    after.dropped(.wire(reason)) > before.dropped(.wire(reason)),
                    "\(reason.label) did not grow; grew: \(grew)")
            }
            #expect(grew.count >= 6, "\(grew)")
        }
    }
}
