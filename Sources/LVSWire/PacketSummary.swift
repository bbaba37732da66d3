import LVSVocabulary

/// What the parser learned about an IP frame: offsets for the rewriters and the 5-tuple for the
/// connection lookup. A value type of plain integers; building one allocates nothing.
public struct PacketSummary: Sendable, Equatable {
    /// The 802.1Q tag control information, if the frame carried a tag.
    public var vlanTCI: UInt16?
    /// Offset of the IP header (14, or 18 with a tag).
    public var l3Offset: Int
    public var family: InetAddress.Family
    /// IPv4: IHL * 4. IPv6: 40 plus the extension headers walked.
    public var ipHeaderLength: Int
    /// Length of the IP packet as its header declares it (Ethernet padding excluded).
    public var ipPacketLength: Int
    /// The upper-layer protocol after extension headers (6, 17, 132, 1, 58, 4, 41, ...).
    public var ipProtocol: UInt8
    public var l4Offset: Int
    /// Bytes from `l4Offset` to the end of the IP packet.
    public var l4Length: Int
    public var source: InetAddress
    public var destination: InetAddress
    /// Transport ports (0 for protocols without ports).
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// TCP flags (empty for other protocols).
    public var tcpFlags: TCPFlags
    /// Offset and length of the transport payload (after TCP options, UDP/ICMP header...).
    public var payloadOffset: Int
    public var payloadLength: Int
    /// IPv4 DF bit; always true for IPv6 (routers never fragment it).
    public var dontFragment: Bool
    public var hopLimit: UInt8
    /// Present for ICMP (protocol 1 over IPv4) and ICMPv6 (58 over IPv6).
    public var icmp: ICMPSummary?

    /// Frame offset just past the IP packet.
    public var ipEnd: Int { l3Offset + ipPacketLength }
}
