/// `http_protocol 1.0|1.0C|1.1` (1.0C is 1.0 with "Connection: close"); keepalived's default is 1.0.
public enum HTTPProtocolVersion: String, Hashable, Sendable {
    case http10 = "1.0"
    case http10Close = "1.0C"
    case http11 = "1.1"
}
