import LVSVocabulary

/// An ICMP or ICMPv6 message; error messages carry the quoted packet's tuple.
public struct ICMPSummary: Sendable, Equatable {
    public var type: UInt8
    public var code: UInt8
    public var restOfHeader: UInt32
    /// The quoted offending packet, for error messages.
    public var quote: QuotedPacket?
}
