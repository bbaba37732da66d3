/// keepalived's `http_protocol`: what the request line says and whether it asks the server to close.
public enum HTTPProtocolVersion: String, Sendable, Equatable, CaseIterable {
    /// "GET path HTTP/1.0" (keepalived's default).
    case http10 = "1.0"
    /// "GET path HTTP/1.0" with "Connection: close".
    case http10Close = "1.0C"
    /// "GET path HTTP/1.1" with "Connection: close", so the server still ends the response by closing.
    case http11 = "1.1"

    /// Accepts keepalived.conf's and genhash's spellings: 1.0, 1.0C, 1.0c, 1.1.
    public init?(keepalivedName: String) {
        switch keepalivedName {
        case "1.0": self = .http10
        case "1.0C", "1.0c": self = .http10Close
        case "1.1": self = .http11
        default: return nil
        }
    }

    var requestVersion: String { self == .http11 ? "HTTP/1.1" : "HTTP/1.0" }
    var sendsConnectionClose: Bool { self != .http10 }
}
