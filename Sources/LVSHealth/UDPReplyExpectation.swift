/// UDP_CHECK's `require_reply HEX` with min_reply_length / max_reply_length, judged as check_udp.c
/// does: the reply's length must lie within the bounds, and its first min(length, pattern length)
/// bytes must equal the pattern's where the mask is clear. Without a pattern, any reply passes and
/// the lengths are not looked at (as in keepalived).
public struct UDPReplyExpectation: Sendable, Equatable {
    public var pattern: [UInt8]?
    /// Bits set here are ignored in the comparison (the X nibbles of the hex string).
    public var mask: [UInt8]?
    public var minimumLength: Int
    public var maximumLength: Int

    public init(pattern: [UInt8]? = nil, mask: [UInt8]? = nil, minimumLength: Int = 0, maximumLength: Int = 255) {
        self.pattern = pattern
        self.mask = mask
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
    }

    /// Nil when `reply` satisfies the expectation, else why not.
    public func mismatch(in reply: [UInt8]) -> String? {
        guard let pattern else { return nil }
        // keepalived receives into max + 1 bytes, so a longer datagram reads as max + 1.
        let length = min(reply.count, maximumLength + 1)
        guard length >= minimumLength, length <= maximumLength else {
            return "reply length \(reply.count) not in \(minimumLength)-\(maximumLength)"
        }
        for index in 0..<min(length, pattern.count) {
            let ignored = mask.flatMap { index < $0.count ? $0[index] : nil } ?? 0
            if (reply[index] ^ pattern[index]) & ~ignored != 0 {
                return "reply data mismatch at byte \(index)"
            }
        }
        return nil
    }
}
