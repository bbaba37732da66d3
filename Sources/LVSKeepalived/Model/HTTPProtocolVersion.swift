/// `http_protocol 1.0|1.0C|1.1` (1.0C is 1.0 with "Connection: close"); keepalived's default is 1.0.
public enum HTTPProtocolVersion: String, Hashable, Sendable {
    case http10 = "1.0"
    case http10Close = "1.0C"
    case http11 = "1.1"

    /// keepalived.conf's and genhash's spellings: 1.0, 1.0C, 1.0c, 1.1.
    public init?(keepalivedName: String) {
        switch keepalivedName {
        case "1.0": self = .http10
        case "1.0C", "1.0c": self = .http10Close
        case "1.1": self = .http11
        default: return nil
        }
    }

    /// What the request line says.
    public var requestVersion: String { self == .http11 ? "HTTP/1.1" : "HTTP/1.0" }
    /// 1.0C and 1.1 ask the server to close, so the response still ends with the connection.
    public var sendsConnectionClose: Bool { self != .http10 }
}
