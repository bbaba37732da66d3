import LVSCore
import LVSVocabulary

/// ipvsadm's parse_service: `host[:port]`, `[v6]:port`, a bare IPv6 address (port 0), host
/// names through the resolver (IPv4 only, as gethostbyname), service names for the port.
struct ServiceAddressParser {
    let resolver: any NameResolver

    func parse(_ text: String, into fields: inout EndpointFields) -> EndpointParse {
        if text.utf8.allSatisfy(CNumberText.isDigit) { return [] }
        var host = Substring(text)
        var portText: Substring?
        if host.first == "[" {
            host = host.dropFirst()
            guard let close = host.firstIndex(of: "]") else { return [] }
            let after = host[host.index(after: close)...]
            guard after.first == ":" else { return [] }
            portText = after.dropFirst()
            host = host[..<close]
        }
        if let v6 = CNumberText.inetPton6(String(host)) {
            fields.address = v6
            fields.family = .inet6
            fields.netmask = 128
        } else {
            // A bracketed IPv4 address loses its port here, as in ipvsadm ("[1.2.3.4]:80" = port 0).
            portText = nil
            if let colon = host.lastIndex(of: ":") {
                portText = host[host.index(after: colon)...]
                host = host[..<colon]
            }
            guard let v4 = resolveIPv4(String(host)) else { return [] }
            fields.address = InetAddress(v4: v4)
            fields.family = .inet
        }
        guard let portText else { return .address }
        if let n = CNumberText.number(String(portText), in: 0...65535) {
            fields.port = UInt16(n)
        } else if let proto = fields.proto, let p = resolver.port(forService: String(portText), proto: proto) {
            fields.port = p
        } else {
            return []
        }
        return [.address, .port]
    }

    /// inet_aton, then the host name through the resolver (gethostbyname: IPv4 answers only).
    func resolveIPv4(_ host: String) -> UInt32? {
        if let v = CNumberText.inetAton(host) { return v }
        if let a = resolver.address(forHost: host, family: .inet), a.isV4 { return a.v4 }
        return nil
    }
}
