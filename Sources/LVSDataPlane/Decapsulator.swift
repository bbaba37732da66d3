import LVSCore
import LVSVocabulary
import LVSWire

/// The real-server side of LVS-TUN: find (or strip) the client's packet inside an IPIP, GUE or GRE
/// frame addressed to us, for hosts whose kernel has no tunnel module.
public enum Decapsulator {
    /// The inner packet of `s` (already checked to be addressed to us). `guePort` is the UDP
    /// port GUE arrives on, nil if GUE is not expected. Frames that are not tunnels answer
    /// `.drop(.notTunnelled)` (the caller usually passes those on).
    public static func innerPacket(_ frame: FrameBuffer, _ s: PacketSummary, guePort: UInt16?) -> DecapsulationResult {
        let start: Int
        var end = s.ipEnd
        let protocolNumber: UInt8
        if s.ipProtocol == IPProtocolNumber.ipip || s.ipProtocol == IPProtocolNumber.ipv6 {
            start = s.l4Offset
            protocolNumber = s.ipProtocol
        } else if s.ipProtocol == IPProtocolNumber.gre {
            guard s.l4Length >= HeaderSize.gre else { return .drop(.truncatedGRE) }
            let gre = GREHeader(frame, at: s.l4Offset)
            guard gre.version == 0, gre.flagsAndVersion & GREHeader.routingBit == 0 else {
                return .drop(.unsupportedGRE)
            }
            switch gre.protocolType {
            case EtherType.ipv4: protocolNumber = IPProtocolNumber.ipip
            case EtherType.ipv6: protocolNumber = IPProtocolNumber.ipv6
            default: return .drop(.unsupportedGRE)
            }
            guard gre.length <= s.l4Length else { return .drop(.truncatedGRE) }
            if gre.hasChecksum && !InternetChecksum.verifies(frame, offset: s.l4Offset, length: s.l4Length) {
                return .drop(.badGREChecksum)
            }
            start = s.l4Offset + gre.length
        } else if let port = guePort, s.ipProtocol == IPProtocolNumber.udp, s.destinationPort == port {
            let payloadEnd = s.payloadOffset + s.payloadLength
            guard s.payloadLength >= HeaderSize.gue else { return .drop(.truncatedGUE) }
            let gue = GUEHeader(frame, at: s.payloadOffset)
            switch gue.version {
            case 0:
                guard !gue.isControl else { return .drop(.unsupportedGUEProtocol) }
                guard s.payloadOffset + gue.length <= payloadEnd else { return .drop(.truncatedGUE) }
                guard gue.protocolNumber == IPProtocolNumber.ipip || gue.protocolNumber == IPProtocolNumber.ipv6 else {
                    return .drop(.unsupportedGUEProtocol)
                }
                start = s.payloadOffset + gue.length
                protocolNumber = gue.protocolNumber
                end = payloadEnd
            case 1:
                // Version 1 is the IP header itself (its first bits are 01 for IPv4 and IPv6).
                start = s.payloadOffset
                protocolNumber = frame.u8(start) >> 4 == 6 ? IPProtocolNumber.ipv6 : IPProtocolNumber.ipip
                end = payloadEnd
            default:
                return .drop(.badGUEVersion)
            }
        } else {
            return .drop(.notTunnelled)
        }

        // Only the inner IP header is checked: it must be whole and its packet must fit in the
        // outer one. Its contents (fragments, options, transport) are the receiving stack's business.
        let available = end - start
        if protocolNumber == IPProtocolNumber.ipip {
            let ip = IPv4Header(frame, at: start)
            guard available >= HeaderSize.ipv4Minimum, ip.version == 4, ip.headerLength >= HeaderSize.ipv4Minimum,
                Int(ip.totalLength) >= ip.headerLength, Int(ip.totalLength) <= available
            else {
                return .drop(.truncatedInnerIP)
            }
            return .inner(InnerPacket(offset: start, length: Int(ip.totalLength), family: .inet))
        }
        let ip = IPv6Header(frame, at: start)
        let length = HeaderSize.ipv6 + Int(ip.payloadLength)
        guard available >= HeaderSize.ipv6, ip.version == 6, length <= available else {
            return .drop(.truncatedInnerIP)
        }
        return .inner(InnerPacket(offset: start, length: length, family: .inet6))
    }

    /// Strips the outer headers in place, leaving an Ethernet frame (same MACs and tag) that
    /// carries the inner packet: what the kernel would see had it decapsulated itself.
    public static func decapsulate(
        _ frame: inout FrameBuffer, _ s: PacketSummary, guePort: UInt16?
    ) -> DecapsulationResult {
        let result = innerPacket(frame, s, guePort: guePort)
        guard case .inner(let inner) = result else { return result }
        let l2Length = s.l3Offset
        let removed = inner.offset - l2Length
        frame.move(from: 0, to: removed, length: l2Length)
        frame.removeFront(removed)
        frame.setCount(l2Length + inner.length)
        EthernetHeader(frame).etherType = inner.family == .inet ? EtherType.ipv4 : EtherType.ipv6
        return .inner(InnerPacket(offset: l2Length, length: inner.length, family: inner.family))
    }
}
