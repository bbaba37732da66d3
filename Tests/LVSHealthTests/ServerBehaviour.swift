/// What a `TestTCPServer` does with each connection.
enum ServerBehaviour: Sendable {
    /// Waits for a full HTTP request head, sends `response`, closes.
    case reply([UInt8])
    /// Accepts and never says anything or closes.
    case silent
    /// After the request head, sends a header and then one byte every `intervalMilliseconds`, forever.
    case drip(intervalMilliseconds: Int64)
    /// Sends `banner`, answers "HELO ..." with `heloReply` and "QUIT" with `quitReply`, then closes.
    case smtp(banner: String, heloReply: String, quitReply: String)
}
