import LVSKeepalived

/// The GET request exactly as keepalived 2.2.7's check_http.c writes it:
///
///     GET <path> HTTP/1.<0|1>\r\n
///     User-Agent: KeepAliveClient\r\n
///     [Connection: close\r\n]              (http_protocol 1.0C and 1.1)
///     Host: <virtualhost | address:port>\r\n
///     \r\n
///
/// With a virtualhost the Host header is the virtualhost alone (no port); without one it is the
/// checked address and port, an IPv6 address in brackets.
public enum HTTPRequestText {
    public static func bytes(
        path: String, host: String, port: Int, virtualHost: String?,
        version: HTTPProtocolVersion
    ) -> [UInt8] {
        let hostHeader: String
        if let virtualHost {
            hostHeader = virtualHost
        } else if host.contains(":") {
            hostHeader = "[\(host)]:\(port)"
        } else {
            hostHeader = "\(host):\(port)"
        }
        var text = "GET \(path) \(version.requestVersion)\r\n"
        text += "User-Agent: KeepAliveClient\r\n"
        if version.sendsConnectionClose { text += "Connection: close\r\n" }
        text += "Host: \(hostHeader)\r\n\r\n"
        return Array(text.utf8)
    }
}
