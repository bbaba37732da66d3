import LVSCore
import LVSVocabulary
import LVSWire

/// Turns a packet the director cannot forward into the ICMP error its sender needs, built in
/// place in front of the original packet, which becomes the quote: IPv4 "fragmentation needed"
/// (type 3 code 4, RFC 1191) / ICMPv6 "packet too big" (RFC 4443), or "time exceeded".
public enum ICMPErrorReply {
    public enum Kind: Sendable, Equatable {
        /// The packet does not fit; `mtu` is what the sender may use.
        case packetTooBig(mtu: Int)
        /// TTL / hop limit ran out in transit.
        case timeExceeded
        /// Nothing serves the port: IPVS's answer when a service has no usable real server
        /// (ip_vs_leave's ICMP port unreachable; ICMPv6 destination unreachable code 4).
        case portUnreachable
    }

    /// ICMPv4 errors quote at most what fits in 576 bytes (RFC 1812 4.3.2.3).
    public static let ipv4ReplyLimit = 576
    /// ICMPv6 errors must fit the minimum MTU (RFC 4443 2.4(c)).
    public static let ipv6ReplyLimit = 1280

    /// Headroom the reply needs in front of the original IP packet.
    public static func headroomNeeded(_ family: InetAddress.Family) -> Int {
        family == .inet ? HeaderSize.ipv4Minimum + HeaderSize.icmp : HeaderSize.ipv6 + HeaderSize.icmp
    }

    /// Rewrites `frame` into the error for `s`'s sender. The reply comes from the address the
    /// packet was sent to (the VIP, which the kernel would also pick as a local address), unless
    /// `replySource` is given, and leaves from `sourceMAC` to the MAC the packet came from.
    /// Errors are never sent about ICMP errors (RFC 1122 3.2.2): those are dropped.
    public static func build(
        _ frame: inout FrameBuffer, _ s: PacketSummary, kind: Kind, sourceMAC: MACAddress,
        replySource: InetAddress? = nil, timeToLive: UInt8 = 64,
        dropReason: DropReason
    ) -> RewriteVerdict {
        let isV4 = s.family == .inet
        if s.icmp?.quote != nil { return .drop(dropReason) }
        let overhead = headroomNeeded(s.family)
        guard frame.headroom >= overhead else { return .drop(.insufficientHeadroom) }
        let source = replySource ?? s.destination
        guard source.family == s.family else { return .drop(.addressFamilyMismatch) }
        let limit = isV4 ? ipv4ReplyLimit : ipv6ReplyLimit
        let quoteLength = min(s.ipPacketLength, limit - overhead)
        let l2Length = s.l3Offset
        let senderMAC = EthernetHeader(frame).source
        let originalTOS = isV4 ? IPv4Header(frame, at: s.l3Offset).typeOfService : 0

        frame.prepend(overhead)
        frame.move(from: overhead, to: 0, length: l2Length)
        frame.setCount(l2Length + overhead + quoteLength)
        let eth = EthernetHeader(frame)
        eth.destination = senderMAC
        eth.source = sourceMAC

        let icmpOffset = l2Length + (isV4 ? HeaderSize.ipv4Minimum : HeaderSize.ipv6)
        let icmp = ICMPHeader(frame, at: icmpOffset)
        let icmpLength = HeaderSize.icmp + quoteLength
        if isV4 {
            // Precedence "internetwork control" with the original TOS bits, as Linux sends errors.
            IPv4Header(frame, at: l2Length).write(
                typeOfService: (originalTOS & 0x1E) | 0xC0, totalLength: overhead + quoteLength, identification: 0,
                dontFragment: false, timeToLive: timeToLive, protocolNumber: IPProtocolNumber.icmp,
                source: source.v4, destination: s.source.v4)
            switch kind {
            case .packetTooBig(let mtu):
                icmp.type = ICMPType.destinationUnreachable
                icmp.code = ICMPType.fragmentationNeededCode
                icmp.restOfHeader = UInt32(UInt16(clamping: max(0, mtu)))
            case .timeExceeded:
                icmp.type = ICMPType.timeExceeded
                icmp.code = 0
                icmp.restOfHeader = 0
            case .portUnreachable:
                icmp.type = ICMPType.destinationUnreachable
                icmp.code = ICMPType.portUnreachableCode
                icmp.restOfHeader = 0
            }
        } else {
            IPv6Header(frame, at: l2Length).write(
                trafficClass: 0, flowLabel: 0, payloadLength: icmpLength, nextHeader: IPProtocolNumber.icmpv6,
                hopLimit: timeToLive, source: source, destination: s.source)
            switch kind {
            case .packetTooBig(let mtu):
                icmp.type = ICMPv6Type.packetTooBig
                icmp.code = 0
                icmp.restOfHeader = UInt32(clamping: max(0, mtu))
            case .timeExceeded:
                icmp.type = ICMPv6Type.timeExceeded
                icmp.code = 0
                icmp.restOfHeader = 0
            case .portUnreachable:
                icmp.type = ICMPv6Type.destinationUnreachable
                icmp.code = 4
                icmp.restOfHeader = 0
            }
        }
        TransportChecksum.fill(
            frame, protocol: isV4 ? IPProtocolNumber.icmp : IPProtocolNumber.icmpv6,
            source: source, destination: s.source, l4Offset: icmpOffset, l4Length: icmpLength)
        return .reply
    }
}
