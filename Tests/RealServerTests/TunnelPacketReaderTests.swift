import LVSCore
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSRealServer

enum Read: Equatable {
    case delivered([UInt8])
    case dropped(DecapsulationDrop)
}

@Suite("Tunnel packet reader")
struct TunnelPacketReaderTests {
    static let client = InetAddress("198.18.0.100")!
    static let director = InetAddress("198.18.0.2")!
    static let realServer = InetAddress("198.18.0.11")!
    static let vip = InetAddress("198.18.0.50")!
    static let client6 = InetAddress("2001:db8::100")!
    static let director6 = InetAddress("2001:db8::2")!
    static let vip6 = InetAddress("2001:db8::50")!

    static func innerUDP(
        from source: InetAddress = client, to destination: InetAddress = vip, payload: [UInt8] = Array("ping".utf8)
    ) -> [UInt8] {
        PacketBuilder.ip(
            source: source, destination: destination, protocol: IPProtocolNumber.udp,
            payload: PacketBuilder.udp(
                source: source, destination: destination, sourcePort: 40000,
                destinationPort: 5353, payload: payload))
    }

    /// Runs the reader over `bytes` as the socket of `role` would have returned them; returns
    /// the delivered bytes or the drop.
    static func read(
        _ bytes: [UInt8], role: TunnelSocketRole, tunnel: TunnelKind = .ipip, source: InetAddress = director,
        sourcePort: UInt16 = 0, vips: [InetAddress] = [vip, vip6]
    ) -> Read {
        let reader = TunnelPacketReader(tunnel: tunnel, virtualAddresses: vips)
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: TunnelPacketReader.headroom + 65536, alignment: 8)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0xEE)
        for (i, b) in bytes.enumerated() where TunnelPacketReader.headroom + i < buffer.count {
            buffer[TunnelPacketReader.headroom + i] = b
        }
        switch reader.innerPacket(in: buffer, length: bytes.count, role: role, source: source, sourcePort: sourcePort) {
        case .deliver(let range): return .delivered(Array(buffer[range]))
        case .drop(let why): return .dropped(why)
        }
    }

    @Test("IPIP over IPv4: the inner packet, byte for byte")
    func ipip() {
        let inner = Self.innerUDP()
        let outer = PacketBuilder.ipv4(
            source: Self.director, destination: Self.realServer, protocol: IPProtocolNumber.ipip, payload: inner)
        #expect(Self.read(outer, role: .ipv4Raw) == .delivered(inner))
    }

    @Test("IPv6 in IPv4 (protocol 41) and IPv6 in IPv6 from an IPv6 raw socket")
    func ipv6Inner() {
        let inner = Self.innerUDP(from: Self.client6, to: Self.vip6)
        let outer = PacketBuilder.ipv4(
            source: Self.director, destination: Self.realServer, protocol: IPProtocolNumber.ipv6, payload: inner)
        #expect(Self.read(outer, role: .ipv4Raw) == .delivered(inner))
        #expect(
            Self.read(inner, role: .ipv6Raw(protocolNumber: IPProtocolNumber.ipv6), source: Self.director6)
                == .delivered(inner))
        let inner4 = Self.innerUDP()
        #expect(
            Self.read(inner4, role: .ipv6Raw(protocolNumber: IPProtocolNumber.ipip), source: Self.director6)
                == .delivered(inner4))
    }

    @Test("GUE over UDP/IPv4 and UDP/IPv6, version 0 and version 1")
    func gue() {
        let inner = Self.innerUDP()
        let tunnel = TunnelKind.gue(port: 6080)
        #expect(
            Self.read(
                PacketBuilder.gue(protocol: IPProtocolNumber.ipip) + inner, role: .udp(family: .inet), tunnel: tunnel,
                sourcePort: 33333) == .delivered(inner))
        #expect(
            Self.read(
                PacketBuilder.gue(protocol: IPProtocolNumber.ipip) + inner, role: .udp(family: .inet6), tunnel: tunnel,
                source: Self.director6) == .delivered(inner))
        #expect(
            Self.read(inner, role: .udp(family: .inet), tunnel: tunnel) == .delivered(inner),
            "GUE version 1 is the bare IP packet")
    }

    @Test("packets that are not for a VIP, or are broken, are dropped with a reason")
    func drops() {
        let gue = TunnelKind.gue(port: 6080)
        let notVIP = Self.innerUDP(to: Self.realServer)
        let outer = PacketBuilder.ipv4(
            source: Self.director, destination: Self.realServer, protocol: IPProtocolNumber.ipip, payload: notVIP)
        #expect(Self.read(outer, role: .ipv4Raw) == .dropped(.innerDestinationNotVirtual))
        let inner = Self.innerUDP()
        let truncated = PacketBuilder.ipv4(
            source: Self.director, destination: Self.realServer, protocol: IPProtocolNumber.ipip,
            payload: Array(inner.prefix(inner.count - 3)))
        #expect(Self.read(truncated, role: .ipv4Raw) == .dropped(.tunnel(.truncatedInnerIP)))
        #expect(
            Self.read([0, 4, 0, 0] + Array(inner.prefix(10)), role: .udp(family: .inet), tunnel: gue)
                == .dropped(.tunnel(.truncatedInnerIP)))
        #expect(
            Self.read([0x20, 4, 0, 0] + inner, role: .udp(family: .inet), tunnel: gue)
                == .dropped(.tunnel(.unsupportedGUEProtocol)), "control messages")
        #expect(
            Self.read([0, 17, 0, 0] + inner, role: .udp(family: .inet), tunnel: gue)
                == .dropped(.tunnel(.unsupportedGUEProtocol)))
        #expect(
            Self.read([0xC0, 4, 0, 0] + inner, role: .udp(family: .inet), tunnel: gue)
                == .dropped(.tunnel(.badGUEVersion)))
        #expect(Self.read([0, 4], role: .udp(family: .inet), tunnel: gue) == .dropped(.tunnel(.truncatedGUE)))
        #expect(Self.read([], role: .ipv4Raw) == .dropped(.tunnel(.truncatedIPv4)))
        #expect(
            Self.read([UInt8](repeating: 0, count: 65536 - 10), role: .udp(family: .inet), tunnel: gue)
                == .dropped(.oversized))
        #expect(Self.read([UInt8](repeating: 0, count: 65537), role: .ipv4Raw) == .dropped(.oversized))
    }

    @Test("no input traps: random bytes from every socket role")
    func fuzz() {
        var rng = SystemRandomNumberGenerator()
        let roles: [TunnelSocketRole] = [
            .ipv4Raw, .ipv6Raw(protocolNumber: 4), .ipv6Raw(protocolNumber: 41), .udp(family: .inet),
            .udp(family: .inet6),
        ]
        let inner = Self.innerUDP()
        for i in 0..<400 {
            var bytes = (0..<Int.random(in: 0...80, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            // Half the cases start from a valid packet with a few bytes flipped, to get past the first checks.
            if i % 2 == 0 {
                bytes = PacketBuilder.gue(protocol: 4) + inner
                for _ in 0..<3 {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            for role in roles {
                if case .delivered(let out) = Self.read(bytes, role: role, tunnel: .gue(port: 6080)) {
                    #expect(out.count <= bytes.count)
                }
            }
        }
    }
}
