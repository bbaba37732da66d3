/// `UDP_CHECK { }`: send a datagram; fail on ICMP errors, or without a fitting reply when required.
public struct UDPCheck: Hashable, Sendable {
    /// The bytes to send (`payload HEX`); nil sends a random payload.
    public var payload: [UInt8]?
    public var requireReply: Bool
    /// The reply must start with this (`require_reply HEX`); `x` digits match anything.
    public var replyPattern: String?
    public var minReplyLength: UInt16
    public var maxReplyLength: UInt16

    public init(
        payload: [UInt8]? = nil, requireReply: Bool = false, replyPattern: String? = nil,
        minReplyLength: UInt16 = 0, maxReplyLength: UInt16 = 255
    ) {
        self.payload = payload
        self.requireReply = requireReply
        self.replyPattern = replyPattern
        self.minReplyLength = minReplyLength
        self.maxReplyLength = maxReplyLength
    }
}
