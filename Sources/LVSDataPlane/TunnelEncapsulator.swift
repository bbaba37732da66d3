import LVSCore
import LVSWire

/// How LVS-TUN wraps the client's packet for the real server.
public struct TunnelParameters: Sendable, Equatable {
    public enum Encapsulation: Sendable, Equatable {
        /// IP in IP: outer protocol 4 (IPv4 inner) or 41 (IPv6 inner).
        case ipip
        /// Outer UDP to `port` (ipvsadm --tun-port) carrying a GUE v0 header.
        case gue(port: UInt16)
    }

    public var encapsulation: Encapsulation
    /// The director's tunnel endpoint.
    public var source: InetAddress
    /// The real server.
    public var destination: InetAddress
    public var l2: L2Rewrite
    /// IP MTU of the egress link toward the real server.
    public var mtu: Int
    public var timeToLive: UInt8
    /// Compute the outer UDP checksum over IPv4 (ipvsadm --tun-csum); IPv6 always has one.
    public var udpChecksum: Bool
    public var identification: UInt16

    public init(encapsulation: Encapsulation, source: InetAddress, destination: InetAddress, l2: L2Rewrite,
                mtu: Int = 1500, timeToLive: UInt8 = 64, udpChecksum: Bool = false, identification: UInt16 = 0) {
        self.encapsulation = encapsulation
        self.source = source
        self.destination = destination
        self.l2 = l2
        self.mtu = mtu
        self.timeToLive = timeToLive
        self.udpChecksum = udpChecksum
        self.identification = identification
    }

    /// Bytes added in front of the inner packet: the outer IP header, plus UDP and GUE.
    public var overhead: Int {
        let ip = source.isV4 ? HeaderSize.ipv4Minimum : HeaderSize.ipv6
        if case .gue = encapsulation { return ip + HeaderSize.udp + HeaderSize.gue }
        return ip
    }
}

/// LVS-TUN: the client's IP packet travels to the real server inside an outer IP (and UDP/GUE)
/// header; the real server decapsulates and answers the client directly.
public enum TunnelEncapsulator {
    /// Wraps the IP packet of `s` in place (Ethernet padding is dropped, a VLAN tag kept).
    ///
    /// When the wrapped packet would exceed `mtu`: a packet that may not be fragmented (IPv4 with
    /// DF, any IPv6) is turned into the ICMP error telling the client the usable MTU
    /// (`mtu - overhead`) and `.reply` is returned; an IPv4 packet without DF is dropped as
    /// `tunnelPacketTooBig`, since the director does not fragment.
    public static func encapsulate(_ frame: inout FrameBuffer, _ s: PacketSummary, _ p: TunnelParameters,
                                   checksumPartial: Bool = false) -> RewriteVerdict {
        guard p.source.family == p.destination.family else { return .drop(.addressFamilyMismatch) }
        let overhead = p.overhead
        let innerLength = s.ipPacketLength
        if innerLength + overhead > p.mtu {
            if s.family == .inet && !s.dontFragment { return .drop(.tunnelPacketTooBig) }
            return PathMTUReply.build(&frame, s, nextHopMTU: p.mtu - overhead, sourceMAC: p.l2.source)
        }
        guard frame.headroom >= overhead else { return .drop(.insufficientHeadroom) }
        if checksumPartial { TransportChecksum.fill(frame, s) }

        let innerIsV4 = s.family == .inet
        let innerTOS = innerIsV4 ? IPv4Header(frame, at: s.l3Offset).typeOfService : IPv6Header(frame, at: s.l3Offset).trafficClass
        let outerTOS = encapsulatedECN(innerTOS)
        let l2Length = s.l3Offset
        frame.prepend(overhead)
        frame.move(from: overhead, to: 0, length: l2Length)
        frame.setCount(l2Length + overhead + innerLength)
        p.l2.apply(frame)
        EthernetHeader(frame).etherType = p.source.isV4 ? EtherType.ipv4 : EtherType.ipv6

        let innerProtocol = innerIsV4 ? IPProtocolNumber.ipip : IPProtocolNumber.ipv6
        var outerProtocol = innerProtocol
        if case .gue = p.encapsulation { outerProtocol = IPProtocolNumber.udp }
        let outerIPLength = p.source.isV4 ? HeaderSize.ipv4Minimum : HeaderSize.ipv6
        if p.source.isV4 {
            IPv4Header(frame, at: l2Length).write(
                typeOfService: outerTOS, totalLength: overhead + innerLength, identification: p.identification,
                dontFragment: s.dontFragment, timeToLive: p.timeToLive, protocolNumber: outerProtocol,
                source: p.source.v4, destination: p.destination.v4)
        } else {
            IPv6Header(frame, at: l2Length).write(
                trafficClass: outerTOS, flowLabel: 0, payloadLength: overhead - HeaderSize.ipv6 + innerLength,
                nextHeader: outerProtocol, hopLimit: p.timeToLive, source: p.source, destination: p.destination)
        }

        if case .gue(let port) = p.encapsulation {
            let udpOffset = l2Length + outerIPLength
            let udpLength = HeaderSize.udp + HeaderSize.gue + innerLength
            let udp = UDPHeader(frame, at: udpOffset)
            udp.sourcePort = entropyPort(s)
            udp.destinationPort = port
            udp.length = UInt16(truncatingIfNeeded: udpLength)
            udp.checksum = 0
            GUEHeader(frame, at: udpOffset + HeaderSize.udp).write(protocolNumber: innerProtocol)
            if p.udpChecksum || !p.source.isV4 {
                TransportChecksum.fill(frame, protocol: IPProtocolNumber.udp, source: p.source,
                                       destination: p.destination, l4Offset: udpOffset, l4Length: udpLength)
            }
        }
        return .forward
    }

    /// Outer TOS from the inner one (RFC 6040 normal mode): DSCP and ECT copied; a CE mark is
    /// not copied out but becomes ECT(0).
    static func encapsulatedECN(_ inner: UInt8) -> UInt8 {
        inner & 0x03 == 0x03 ? (inner & 0xFC) | 0x02 : inner
    }

    /// A UDP source port from the inner flow, so ECMP and RSS on the way spread tunnels as they
    /// would spread the flows (the RFC 8086 / udp_flow_src_port idea). Range 49152-65535.
    static func entropyPort(_ s: PacketSummary) -> UInt16 {
        @inline(__always) func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
            let m = (h ^ word) &* 0x100_0000_01B3
            return m ^ (m >> 29)
        }
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        h = mix(h, s.source.high)
        h = mix(h, s.source.low)
        h = mix(h, s.destination.high)
        h = mix(h, s.destination.low)
        h = mix(h, UInt64(s.sourcePort) << 16 | UInt64(s.destinationPort) | UInt64(s.ipProtocol) << 32)
        return 0xC000 | UInt16(truncatingIfNeeded: h & 0x3FFF)
    }
}
