import CLVSLinux
import LVSVocabulary

#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking raw-IP or UDP socket, for hosts that terminate tunnels themselves (the
/// real-server decapsulator) and for tests that send tunnelled packets.
///
/// What a read returns depends on the family, as the kernel defines it: an IPv4 raw socket
/// returns the whole packet (IPv4 header included); an IPv6 raw socket and a UDP socket return
/// only the payload. A raw socket for a protocol no kernel module claims (IPIP, IPv6-in-IP
/// where `ipip`/`sit` are absent) also stops the kernel from answering "protocol unreachable".
public final class IPDatagramSocket: Sendable {
    public let descriptor: OwnedDescriptor
    public let family: InetAddress.Family

    private init(_ fd: Int32, family: InetAddress.Family) {
        descriptor = OwnedDescriptor(fd)
        self.family = family
    }

    /// Takes over a socket made elsewhere in this module (options set before bind).
    convenience init(adopting fd: Int32, family: InetAddress.Family) {
        self.init(fd, family: family)
    }

    /// A raw socket receiving (and sending) IP protocol `protocolNumber`.
    public static func raw(
        family: InetAddress.Family, protocolNumber: UInt8
    ) throws(SystemCallError) -> IPDatagramSocket {
        let domain = family == .inet ? AF_INET : AF_INET6
        let type = Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        let fd = try systemCall("socket(\(family == .inet ? "AF_INET" : "AF_INET6"), SOCK_RAW, \(protocolNumber))") {
            socket(domain, type, Int32(protocolNumber))
        }
        return IPDatagramSocket(fd, family: family)
    }

    /// A UDP socket bound to `address` (nil: any address of the family) and `port`. An IPv6
    /// socket is IPv6-only, so an IPv4 and an IPv6 socket can share the port.
    public static func udp(
        family: InetAddress.Family, port: UInt16, address: InetAddress? = nil
    ) throws(SystemCallError) -> IPDatagramSocket {
        let domain = family == .inet ? AF_INET : AF_INET6
        let type = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        let fd = try systemCall("socket(\(family == .inet ? "AF_INET" : "AF_INET6"), SOCK_DGRAM)") {
            socket(domain, type, 0)
        }
        let s = IPDatagramSocket(fd, family: family)
        if family == .inet6 {
            try setSocketOption(fd, level: Int32(IPPROTO_IPV6), IPV6_V6ONLY, "IPV6_V6ONLY", Int32(1))
        }
        let local = address ?? (family == .inet ? InetAddress(v4: 0) : InetAddress(v6High: 0, low: 0))
        _ = try SocketAddress.with(local, port: port) { (sa, len) throws(SystemCallError) in
            try systemCall("bind(\(local), \(port))") { bind(fd, sa, len) }
        }
        return s
    }

    /// Reads one datagram into `buffer` (truncated to its size); nil when none is queued.
    public func receive(into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> ReceivedDatagram? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let n = try withUnsafeMutablePointer(to: &storage) { (p) throws(SystemCallError) -> Int? in
            try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { (sa) throws(SystemCallError) -> Int? in
                try systemCall("recvfrom", tolerating: EAGAIN) {
                    recvfrom(descriptor.rawValue, buffer.baseAddress, buffer.count, 0, sa, &length)
                }
            }
        }
        guard let n else { return nil }
        let (source, port) = withUnsafePointer(to: &storage) { SocketAddress.decode($0) }
        return ReceivedDatagram(length: n, source: source, sourcePort: port)
    }

    /// Reads as many queued datagrams as `batch` holds with one recvmmsg, without waiting;
    /// returns how many (0 when none is queued). Each is truncated to `batch.datagramCapacity`.
    @discardableResult
    public func receive(into batch: DatagramBatch) throws(SystemCallError) -> Int {
        batch.prepare()
        let n = try systemCall("recvmmsg", tolerating: EAGAIN) {
            clvs_recvmmsg(descriptor.rawValue, batch.messages, UInt32(batch.capacity), Int32(MSG_DONTWAIT))
        }
        batch.count = Int(n ?? 0)
        return batch.count
    }

    /// Asks for a receive queue of `bytes` (the kernel doubles it for its bookkeeping): with
    /// SO_RCVBUFFORCE, which may exceed net.core.rmem_max but needs CAP_NET_ADMIN, else with
    /// SO_RCVBUF, which the kernel caps at rmem_max. Returns `receiveBufferSize` afterwards.
    @discardableResult
    public func setReceiveBufferSize(_ bytes: Int) throws(SystemCallError) -> Int {
        let fd = descriptor.rawValue
        let value = Int32(clamping: bytes)
        do {
            try setSocketOption(fd, level: SOL_SOCKET, SO_RCVBUFFORCE, "SO_RCVBUFFORCE", value)
        } catch {
            guard error.errno == EPERM else { throw error }
            try setSocketOption(fd, level: SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF", value)
        }
        return try receiveBufferSize
    }

    /// The receive queue's size in bytes, as the kernel accounts it (twice what was asked for).
    public var receiveBufferSize: Int {
        get throws(SystemCallError) {
            Int(try socketOption(descriptor.rawValue, level: SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF", initial: Int32(0)))
        }
    }

    /// Datagrams the kernel dropped for this socket instead of queueing them (a full receive
    /// queue, mostly): the drops column of /proc/net/raw and /proc/net/udp.
    public var kernelDropCount: Int {
        get throws(SystemCallError) {
            var info = [UInt32](repeating: 0, count: Int(CLVS_SK_MEMINFO_VARS))
            var length = socklen_t(info.count * MemoryLayout<UInt32>.size)
            let fd = descriptor.rawValue
            _ = try systemCall("getsockopt(SO_MEMINFO)") {
                info.withUnsafeMutableBytes { getsockopt(fd, SOL_SOCKET, SO_MEMINFO, $0.baseAddress, &length) }
            }
            let index = Int(CLVS_SK_MEMINFO_DROPS)
            return index < Int(length) / MemoryLayout<UInt32>.size ? Int(info[index]) : 0
        }
    }

    /// Sends `payload` to `destination` (`port` is ignored by raw sockets). The kernel writes the
    /// IP header: for a raw socket, with this socket's protocol number.
    public func send(_ payload: [UInt8], to destination: InetAddress, port: UInt16 = 0) throws(SystemCallError) {
        let fd = descriptor.rawValue
        let n = try SocketAddress.with(destination, port: port) { (sa, len) throws(SystemCallError) in
            try systemCall("sendto(\(destination))") {
                payload.withUnsafeBytes { raw in sendto(fd, raw.baseAddress, raw.count, 0, sa, len) }
            }
        }
        if n != payload.count { throw SystemCallError(call: "sendto(\(destination))", errno: EMSGSIZE) }
    }
}
