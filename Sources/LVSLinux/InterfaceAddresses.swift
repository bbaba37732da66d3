import LVSVocabulary

#if canImport(Glibc)
import Glibc
#endif

/// The IPv4 and IPv6 addresses of the calling thread's network namespace, by interface name
/// (getifaddrs).
public enum InterfaceAddresses {
    public static func all() throws(SystemCallError) -> [String: [InetAddress]] {
        var list: UnsafeMutablePointer<ifaddrs>?
        _ = try systemCall("getifaddrs()") { getifaddrs(&list) }
        defer { freeifaddrs(list) }
        var out: [String: [InetAddress]] = [:]
        var cursor = list
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let sa = entry.pointee.ifa_addr, let cName = entry.pointee.ifa_name else { continue }
            let name = String(cString: cName)
            switch Int32(sa.pointee.sa_family) {
            case AF_INET:
                let v4 = UnsafeRawPointer(sa).assumingMemoryBound(to: sockaddr_in.self).pointee.sin_addr.s_addr
                out[name, default: []].append(InetAddress(v4: UInt32(bigEndian: v4)))
            case AF_INET6:
                let bytes = withUnsafeBytes(
                    of: UnsafeRawPointer(sa).assumingMemoryBound(to: sockaddr_in6.self).pointee.sin6_addr
                ) { Array($0) }
                var high: UInt64 = 0
                var low: UInt64 = 0
                for i in 0..<8 { high = high << 8 | UInt64(bytes[i]) }
                for i in 8..<16 { low = low << 8 | UInt64(bytes[i]) }
                out[name, default: []].append(InetAddress(v6High: high, low: low))
            default:
                continue
            }
        }
        return out
    }
}
