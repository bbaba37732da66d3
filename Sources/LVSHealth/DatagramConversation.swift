import NIOCore

/// One check's side of a datagram exchange (UDP_CHECK, DNS_CHECK): what it sends, how it judges
/// what comes back, and what silence until the deadline means.
protocol DatagramConversation: Sendable {
    associatedtype Detail: Sendable

    /// The datagram sent once the socket is connected.
    var request: [UInt8] { get }
    /// `.keepReading` ignores the datagram (a stale DNS id, say).
    mutating func received(_ datagram: ByteBuffer) -> ConversationStep<Detail>
    /// Nothing decided before the deadline.
    func deadlinePassed(after timeout: Duration) -> ProbeOutcome<Detail>
}
