#if canImport(Glibc)
import Glibc
#endif

/// A socket address as the bytes of a sockaddr_in / sockaddr_in6.
struct SocketAddress {
    let family: Int32
    let storage: [UInt8]

    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        storage.withUnsafeBytes { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
    }
}
