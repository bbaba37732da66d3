/// The checker types keepalived 2.2 has (BFD_CHECK aside), with their own settings.
public enum CheckerKind: Hashable, Sendable {
    case tcp(TCPCheck)
    /// HTTP_GET, or SSL_GET when `usesTLS`.
    case http(HTTPCheck)
    case udp(UDPCheck)
    case dns(DNSCheck)
    case misc(MiscCheck)
    case smtp(SMTPCheck)
    case ping(PingCheck)
    case file(FileCheck)

    /// The block keyword.
    public var keyword: String {
        switch self {
        case .tcp: "TCP_CHECK"
        case .http(let check): check.usesTLS ? "SSL_GET" : "HTTP_GET"
        case .udp: "UDP_CHECK"
        case .dns: "DNS_CHECK"
        case .misc: "MISC_CHECK"
        case .smtp: "SMTP_CHECK"
        case .ping: "PING_CHECK"
        case .file: "FILE_CHECK"
        }
    }
}
