import LVSCore
import LVSVocabulary
import LVSWire

/// LVS-TUN: the client's IP packet travels to the real server inside an outer IP (and UDP/GUE
/// or GRE) header; the real server decapsulates and answers the client directly.
public enum TunnelEncapsulator {
    /// The smallest usable IPv4 MTU (RFC 791); the kernel drops rather than report less.
    public static let ipv4MinimumMTU = 68
    public static let ipv6MinimumMTU = 1280

    /// Wraps the IP packet of `s` in place (Ethernet padding is dropped, a VLAN tag kept).
    /// Like the kernel, the outer header copies the inner TOS/traffic class, DF and (by default)
    /// TTL.
    ///
    /// When the wrapped packet would exceed `mtu`: a packet that may not be fragmented (IPv4 with
    /// DF, any IPv6) is turned into the ICMP error telling the client the usable MTU
    /// (`mtu - overhead`) and `.reply` is returned; an IPv4 packet without DF is dropped as
    /// `tunnelPacketTooBig` (the kernel would fragment the outer packet; the director does not).
    /// A usable MTU below 68 (IPv4) or 1280 (IPv6) drops as `tunnelMTUTooSmall`, as in the kernel.
    public static func encapsulate(
        _ frame: inout FrameBuffer, _ s: PacketSummary, _ p: TunnelParameters,
        checksumPartial: Bool = false
    ) -> RewriteVerdict {
        guard p.source.family == p.destination.family else { return .drop(.addressFamilyMismatch) }
        let overhead = p.overhead
        let innerLength = s.ipPacketLength
        let usableMTU = p.mtu - overhead
        if usableMTU < (s.family == .inet ? ipv4MinimumMTU : ipv6MinimumMTU) { return .drop(.tunnelMTUTooSmall) }
        if innerLength > usableMTU {
            if s.family == .inet && !s.dontFragment { return .drop(.tunnelPacketTooBig) }
            return ICMPErrorReply.build(
                &frame, s, kind: .packetTooBig(mtu: usableMTU), sourceMAC: p.l2.source,
                dropReason: .tunnelPacketTooBig)
        }
        guard frame.headroom >= overhead else { return .drop(.insufficientHeadroom) }
        if checksumPartial { TransportChecksum.fill(frame, s) }

        let innerIsV4 = s.family == .inet
        let innerTOS =
            innerIsV4 ? IPv4Header(frame, at: s.l3Offset).typeOfService : IPv6Header(frame, at: s.l3Offset).trafficClass
        let l2Length = s.l3Offset
        frame.prepend(overhead)
        frame.move(from: overhead, to: 0, length: l2Length)
        frame.setCount(l2Length + overhead + innerLength)
        p.l2.apply(frame)
        EthernetHeader(frame).etherType = p.source.isV4 ? EtherType.ipv4 : EtherType.ipv6

        let innerProtocol = innerIsV4 ? IPProtocolNumber.ipip : IPProtocolNumber.ipv6
        let encapsulationOffset = l2Length + p.outerIPLength
        let encapsulationLength = overhead - p.outerIPLength + innerLength
        var outerProtocol = innerProtocol
        switch p.encapsulation {
        case .ipip:
            break
        case .gue(let port):
            outerProtocol = IPProtocolNumber.udp
            let udp = UDPHeader(frame, at: encapsulationOffset)
            udp.sourcePort = entropyPort(s)
            udp.destinationPort = port
            udp.length = UInt16(truncatingIfNeeded: encapsulationLength)
            udp.checksum = 0
            GUEHeader(frame, at: encapsulationOffset + HeaderSize.udp).write(protocolNumber: innerProtocol)
            if p.checksum || !p.source.isV4 {
                TransportChecksum.fill(
                    frame, protocol: IPProtocolNumber.udp, source: p.source, destination: p.destination,
                    l4Offset: encapsulationOffset, l4Length: encapsulationLength)
            }
        case .gre:
            outerProtocol = IPProtocolNumber.gre
            GREHeader(frame, at: encapsulationOffset).write(
                protocolType: innerIsV4 ? EtherType.ipv4 : EtherType.ipv6,
                checksum: p.checksum)
            if p.checksum {
                let sum = InternetChecksum.sum(frame, offset: encapsulationOffset, length: encapsulationLength)
                frame.set16(encapsulationOffset + 4, InternetChecksum.finish(sum))
            }
        }

        let ttl = p.timeToLive ?? s.hopLimit
        if p.source.isV4 {
            IPv4Header(frame, at: l2Length).write(
                typeOfService: innerTOS, totalLength: overhead + innerLength, identification: p.identification,
                dontFragment: s.dontFragment, timeToLive: ttl, protocolNumber: outerProtocol,
                source: p.source.v4, destination: p.destination.v4)
        } else {
            IPv6Header(frame, at: l2Length).write(
                trafficClass: innerTOS, flowLabel: 0, payloadLength: overhead - HeaderSize.ipv6 + innerLength,
                nextHeader: outerProtocol, hopLimit: ttl, source: p.source, destination: p.destination)
        }
        return .forward
    }

    /// A UDP source port from the inner flow, so ECMP and RSS on the way spread tunnels as they
    /// would spread the flows (the udp_flow_src_port idea). Range 49152-65535.
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
