import LVSVocabulary

#if canImport(Glibc)
import Glibc
#endif

/// Name lookups through the C library (getaddrinfo/getnameinfo/getservbyname), as ipvsadm does.
public struct SystemNameResolver: NameResolver {
    public init() {}

    public func hostName(for address: InetAddress) -> String? {
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let rc: Int32 = withSockaddr(address) { sa, len in
            getnameinfo(sa, len, &host, socklen_t(host.count), nil, 0, NI_NAMEREQD)
        }
        guard rc == 0 else { return nil }
        return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public func serviceName(for port: UInt16, proto: TransportProtocol) -> String? {
        guard let s = getservbyport(Int32(port.bigEndian), protoName(proto)) else { return nil }
        return String(cString: s.pointee.s_name)
    }

    public func address(forHost name: String, family: InetAddress.Family?) -> InetAddress? {
        var hints = addrinfo()
        hints.ai_family = family.map { Int32($0.rawValue) } ?? AF_UNSPEC
        var res: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &res) == 0, let first = res else { return nil }
        defer { freeaddrinfo(res) }
        var p: UnsafeMutablePointer<addrinfo>? = first
        while let ai = p {
            if let sa = ai.pointee.ai_addr {
                if ai.pointee.ai_family == AF_INET {
                    let v = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                    return InetAddress(v4: UInt32(bigEndian: v))
                }
                if ai.pointee.ai_family == AF_INET6 {
                    let bytes = sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                        withUnsafeBytes(of: p.pointee.sin6_addr) { Array($0) }
                    }
                    var hi: UInt64 = 0
                    var lo: UInt64 = 0
                    for i in 0..<8 { hi = hi << 8 | UInt64(bytes[i]) }
                    for i in 8..<16 { lo = lo << 8 | UInt64(bytes[i]) }
                    return InetAddress(v6High: hi, low: lo)
                }
            }
            p = ai.pointee.ai_next
        }
        return nil
    }

    public func port(forService name: String, proto: TransportProtocol) -> UInt16? {
        guard let s = getservbyname(name, protoName(proto)) else { return nil }
        return UInt16(bigEndian: UInt16(truncatingIfNeeded: s.pointee.s_port))
    }

    private func protoName(_ p: TransportProtocol) -> String {
        switch p {
        case .tcp: "tcp"
        case .udp: "udp"
        case .sctp: "sctp"
        }
    }

    private func withSockaddr<R>(_ a: InetAddress, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        if a.isV4 {
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_addr.s_addr = a.v4.bigEndian
            return withUnsafePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        var sin6 = sockaddr_in6()
        sin6.sin6_family = sa_family_t(AF_INET6)
        let b = a.bytes
        withUnsafeMutableBytes(of: &sin6.sin6_addr) { raw in for i in 0..<16 { raw[i] = b[i] } }
        return withUnsafePointer(to: &sin6) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
            }
        }
    }
}
