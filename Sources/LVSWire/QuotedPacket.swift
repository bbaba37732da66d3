import LVSVocabulary

/// The packet an ICMP error quotes: at least its IP header and the first 8 transport bytes.
/// It is a packet the director (or a real server) sent, so its source is "our" side.
public struct QuotedPacket: Sendable, Equatable {
    public var l3Offset: Int
    public var family: InetAddress.Family
    public var ipHeaderLength: Int
    public var ipProtocol: UInt8
    public var l4Offset: Int
    public var source: InetAddress
    public var destination: InetAddress
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// Quoted bytes present in the frame, from `l3Offset`.
    public var quotedLength: Int
}
