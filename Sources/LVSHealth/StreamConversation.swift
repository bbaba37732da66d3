import NIOCore

/// One check's side of a stream connection: what it sends first, how it reacts to what arrives,
/// and what the end of the stream means. A value that returns actions; `StreamExchange` does the I/O.
protocol StreamConversation: Sendable {
    associatedtype Detail: Sendable

    /// The connection is up (the TLS handshake may still be under way; writes wait for it):
    /// send the request, wait for the server to speak first, or finish (a plain TCP check).
    mutating func connected() -> ConversationStep<Detail>
    mutating func received(_ bytes: ByteBuffer) -> ConversationStep<Detail>
    /// The server closed the connection (or TLS ended).
    mutating func endOfStream() -> ProbeOutcome<Detail>
}

enum ConversationStep<Detail: Sendable>: Sendable {
    case keepReading
    case send([UInt8])
    case finish(ProbeOutcome<Detail>)
}
