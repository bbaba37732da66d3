/// An `http://` URL whose host is an IP literal: the lab has no DNS, and a name that cannot be
/// resolved should fail at once with a clear message rather than after a lookup timeout.
public struct LabURL: Sendable, Equatable, CustomStringConvertible {
    /// The address as written, without brackets ("198.18.0.50", "2001:db8::50").
    public let host: String
    public let port: UInt16
    /// The request target, always starting with "/".
    public let path: String

    public init(host: String, port: UInt16 = 80, path: String = "/") {
        self.host = host
        self.port = port
        self.path = path
    }

    public var isIPv6: Bool { host.contains(":") }

    /// The Host header value.
    public var authority: String {
        let h = isIPv6 ? "[\(host)]" : host
        return port == 80 ? h : "\(h):\(port)"
    }

    public var description: String { "http://\(authority)\(path)" }

    /// Accepts `http://HOST[:PORT][/PATH]` or the same without the scheme (as curl does).
    public init(parsing text: String) throws(LabServiceError) {
        var rest = Substring(text)
        let parts = text.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard parts[0].lowercased() == "http" else {
                throw LabServiceError("\(text): only http:// URLs are supported")
            }
            rest = parts[1]
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        let path = slash == rest.endIndex ? "/" : String(rest[slash...])
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw LabServiceError("\(text): unclosed '[' in the host")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw LabServiceError("\(text): unexpected text after ']'") }
                portText = after.dropFirst()
            }
        } else {
            let pieces = authority.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else {
                throw LabServiceError("\(text): write an IPv6 address in brackets, as http://[2001:db8::1]/")
            }
            host = pieces[0]
            portText = pieces.count == 2 ? pieces[1] : nil
        }
        guard !host.isEmpty else { throw LabServiceError("\(text): no host") }
        guard IPAddressText.isLiteral(String(host)) else {
            throw LabServiceError("\(text): the host must be an IP address (the lab has no DNS)")
        }
        var port: UInt16 = 80
        if let portText {
            guard let p = UInt16(portText), p > 0 else { throw LabServiceError("\(text): bad port '\(portText)'") }
            port = p
        }
        self.init(host: String(host), port: port, path: path)
    }
}
