#if canImport(Glibc)
import Glibc
#endif

/// IP literals to socket addresses, through inet_pton (no resolver).
enum IPAddressText {
    static func isLiteral(_ text: String) -> Bool {
        (try? socketAddress(text, port: 0)) != nil
    }

    /// A sockaddr_in or sockaddr_in6 for `text`, as raw bytes ready for bind/connect.
    static func socketAddress(_ text: String, port: UInt16) throws(LabServiceError) -> SocketAddress {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            var sa = sockaddr_in()
            sa.sin_family = sa_family_t(AF_INET)
            sa.sin_port = port.bigEndian
            sa.sin_addr = v4
            return SocketAddress(family: AF_INET, storage: withUnsafeBytes(of: sa) { Array($0) })
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            var sa = sockaddr_in6()
            sa.sin6_family = sa_family_t(AF_INET6)
            sa.sin6_port = port.bigEndian
            sa.sin6_addr = v6
            return SocketAddress(family: AF_INET6, storage: withUnsafeBytes(of: sa) { Array($0) })
        }
        throw LabServiceError("'\(text)' is not an IPv4 or IPv6 address")
    }
}
