import LVSVocabulary

/// What the engine needs to know about one packet: its 5-tuple, TCP flags, size, firewall
/// mark and which side it came from. The data plane fills it from the parsed frame.
public struct PacketMeta: Hashable, Sendable {
    public enum Origin: UInt8, Hashable, Sendable {
        /// From a client towards a virtual service (or an existing connection).
        case client
        /// From a real server: a reply to be matched against NAT connections.
        case realServer
    }

    /// IP protocol number (6 TCP, 17 UDP, 132 SCTP; others are not IPVS's business).
    public var ipProtocol: UInt8
    public var source: InetAddress
    public var sourcePort: UInt16
    public var destination: InetAddress
    public var destinationPort: UInt16
    /// TCP flags (ignored for other protocols).
    public var tcpFlags: TCPFlags
    /// The IP total length (IPv6: payload length + 40), what the byte counters add up.
    public var length: UInt32
    /// skb->mark: matches firewall-mark services.
    public var fwmark: UInt32
    public var origin: Origin

    public init(
        ipProtocol: UInt8, source: InetAddress, sourcePort: UInt16,
        destination: InetAddress, destinationPort: UInt16, tcpFlags: TCPFlags = [],
        length: UInt32, fwmark: UInt32 = 0, origin: Origin = .client
    ) {
        self.ipProtocol = ipProtocol
        self.source = source
        self.sourcePort = sourcePort
        self.destination = destination
        self.destinationPort = destinationPort
        self.tcpFlags = tcpFlags
        self.length = length
        self.fwmark = fwmark
        self.origin = origin
    }

    /// A TCP segment from a client.
    public static func tcp(
        from source: InetAddress, _ sourcePort: UInt16, to destination: InetAddress,
        _ destinationPort: UInt16, flags: TCPFlags, length: UInt32,
        fwmark: UInt32 = 0, origin: Origin = .client
    ) -> PacketMeta {
        PacketMeta(
            ipProtocol: IPProtocolNumber.tcp, source: source, sourcePort: sourcePort, destination: destination,
            destinationPort: destinationPort, tcpFlags: flags, length: length, fwmark: fwmark,
            origin: origin)
    }

    public static func udp(
        from source: InetAddress, _ sourcePort: UInt16, to destination: InetAddress,
        _ destinationPort: UInt16, length: UInt32, fwmark: UInt32 = 0,
        origin: Origin = .client
    ) -> PacketMeta {
        PacketMeta(
            ipProtocol: IPProtocolNumber.udp, source: source, sourcePort: sourcePort, destination: destination,
            destinationPort: destinationPort, length: length, fwmark: fwmark, origin: origin)
    }
}
