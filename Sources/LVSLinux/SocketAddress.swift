import CLVSLinux
import LVSVocabulary

#if canImport(Glibc)
import Glibc
#endif

/// sockaddr_in / sockaddr_in6 <-> InetAddress.
enum SocketAddress {
    static func with<R>(
        _ a: InetAddress, port: UInt16,
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(SystemCallError) -> R
    ) throws(SystemCallError) -> R {
        if a.isV4 {
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = port.bigEndian
            sin.sin_addr.s_addr = a.v4.bigEndian
            return try withUnsafePointer(to: &sin) { (p) throws(SystemCallError) in
                try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { (sa) throws(SystemCallError) in
                    try body(sa, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        var sin6 = sockaddr_in6()
        sin6.sin6_family = sa_family_t(AF_INET6)
        sin6.sin6_port = port.bigEndian
        let b = a.bytes
        withUnsafeMutableBytes(of: &sin6.sin6_addr) { raw in for i in 0..<16 { raw[i] = b[i] } }
        return try withUnsafePointer(to: &sin6) { (p) throws(SystemCallError) in
            try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { (sa) throws(SystemCallError) in
                try body(sa, socklen_t(MemoryLayout<sockaddr_in6>.size))
            }
        }
    }

    /// Reads the address in place: nothing is allocated, as this runs once per datagram.
    static func decode(_ storage: UnsafePointer<sockaddr_storage>) -> (InetAddress, UInt16) {
        let raw = UnsafeRawPointer(storage)
        if Int32(storage.pointee.ss_family) == AF_INET {
            let sin = raw.loadUnaligned(as: sockaddr_in.self)
            return (InetAddress(v4: UInt32(bigEndian: sin.sin_addr.s_addr)), UInt16(bigEndian: sin.sin_port))
        }
        let sin6 = raw.loadUnaligned(as: sockaddr_in6.self)
        let (high, low) = withUnsafeBytes(of: sin6.sin6_addr) {
            (
                UInt64(bigEndian: $0.loadUnaligned(as: UInt64.self)),
                UInt64(bigEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            )
        }
        return (InetAddress(v6High: high, low: low), UInt16(bigEndian: sin6.sin6_port))
    }
}
