import CLVSLinux
import LVSVocabulary

#if canImport(Glibc)
import Glibc
#endif

/// A UDP multicast socket of the connection-sync daemon, set up as the kernel's
/// ip_vs_sync.c sets up its own: a master's sends from the sync interface's address to the
/// group (TTL/hop limit as configured, loop off, so a director does not read its own
/// messages), a backup's is bound to the group and port and joins the group on the interface.
/// Both are bound to the interface (SO_BINDTODEVICE) and non-blocking.
public final class SyncMulticastSocket: Sendable {
    public enum Role: Sendable { case sender, receiver }

    public let socket: IPDatagramSocket
    public let group: InetAddress
    public let port: UInt16
    public let role: Role
    /// The address the sender sends from (nil for a receiver, or an interface without one).
    public let sourceAddress: InetAddress?

    private init(socket: IPDatagramSocket, group: InetAddress, port: UInt16, role: Role, source: InetAddress?) {
        self.socket = socket
        self.group = group
        self.port = port
        self.role = role
        sourceAddress = source
    }

    /// A master's socket: multicast out of `interface` (index `interfaceIndex`), from
    /// `source` (the interface's first address of the group's family) when given.
    public static func sender(
        group: InetAddress, port: UInt16, interface: String, interfaceIndex: Int32, source: InetAddress?,
        ttl: UInt8, sendBufferSize: Int = 0
    ) throws(SystemCallError) -> SyncMulticastSocket {
        let family = group.family
        let s = try IPDatagramSocket.udp(family: family, port: 0, address: source)
        let fd = s.descriptor.rawValue
        try bindToDevice(fd, interface)
        if family == .inet {
            var request = ip_mreqn()
            request.imr_ifindex = interfaceIndex
            try setSocketOption(fd, level: Int32(IPPROTO_IP), IP_MULTICAST_IF, "IP_MULTICAST_IF", request)
            try setSocketOption(fd, level: Int32(IPPROTO_IP), IP_MULTICAST_TTL, "IP_MULTICAST_TTL", Int32(ttl))
            try setSocketOption(fd, level: Int32(IPPROTO_IP), IP_MULTICAST_LOOP, "IP_MULTICAST_LOOP", Int32(0))
        } else {
            try setSocketOption(
                fd, level: Int32(IPPROTO_IPV6), IPV6_MULTICAST_IF, "IPV6_MULTICAST_IF", UInt32(interfaceIndex))
            try setSocketOption(
                fd, level: Int32(IPPROTO_IPV6), IPV6_MULTICAST_HOPS, "IPV6_MULTICAST_HOPS", Int32(ttl))
            try setSocketOption(
                fd, level: Int32(IPPROTO_IPV6), IPV6_MULTICAST_LOOP, "IPV6_MULTICAST_LOOP", UInt32(0))
        }
        if sendBufferSize > 0 {
            try setSocketOption(fd, level: SOL_SOCKET, SO_SNDBUF, "SO_SNDBUF", Int32(clamping: sendBufferSize))
        }
        return SyncMulticastSocket(socket: s, group: group, port: port, role: .sender, source: source)
    }

    /// A backup's socket: bound to the group and port, member of the group on `interface`.
    public static func receiver(
        group: InetAddress, port: UInt16, interface: String, interfaceIndex: Int32, receiveBufferSize: Int = 0
    ) throws(SystemCallError) -> SyncMulticastSocket {
        let family = group.family
        let domain = family == .inet ? AF_INET : AF_INET6
        let type = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        let fd = try systemCall("socket(sync receiver)") { Glibc.socket(domain, type, 0) }
        let s = IPDatagramSocket(adopting: fd, family: family)
        // Several daemons (a master and a backup, or two processes in tests) may share the port.
        try setSocketOption(fd, level: SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR", Int32(1))
        if family == .inet6 {
            try setSocketOption(fd, level: Int32(IPPROTO_IPV6), IPV6_V6ONLY, "IPV6_V6ONLY", Int32(1))
        }
        try bindToDevice(fd, interface)
        if receiveBufferSize > 0 { try s.setReceiveBufferSize(receiveBufferSize) }
        _ = try SocketAddress.with(group, port: port) { (sa, len) throws(SystemCallError) in
            try systemCall("bind(\(group), \(port))") { bind(fd, sa, len) }
        }
        if family == .inet {
            var request = ip_mreqn()
            request.imr_multiaddr.s_addr = group.v4.bigEndian
            request.imr_ifindex = interfaceIndex
            try setSocketOption(fd, level: Int32(IPPROTO_IP), IP_ADD_MEMBERSHIP, "IP_ADD_MEMBERSHIP", request)
        } else {
            var request = ipv6_mreq()
            let bytes = group.bytes
            withUnsafeMutableBytes(of: &request.ipv6mr_multiaddr) { raw in for i in 0..<16 { raw[i] = bytes[i] } }
            request.ipv6mr_interface = UInt32(interfaceIndex)
            _ = try systemCall("setsockopt(IPV6_ADD_MEMBERSHIP, \(group))") {
                withUnsafeBytes(of: &request) {
                    setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_ADD_MEMBERSHIP, $0.baseAddress, socklen_t($0.count))
                }
            }
        }
        return SyncMulticastSocket(socket: s, group: group, port: port, role: .receiver, source: nil)
    }

    /// Sends one message to the group.
    public func send(_ message: [UInt8]) throws(SystemCallError) {
        try socket.send(message, to: group, port: port)
    }

    /// Sends one message to the group on another port (sync_ports > 1: port + thread id).
    public func send(_ message: [UInt8], port: UInt16) throws(SystemCallError) {
        try socket.send(message, to: group, port: port)
    }

    /// Reads one queued datagram into `buffer`; nil when none waits.
    public func receive(into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> ReceivedDatagram? {
        try socket.receive(into: buffer)
    }

    /// Waits until one of `sockets` has a datagram or `timeoutMilliseconds` passed; returns
    /// whether any is readable.
    public static func waitReadable(_ sockets: [SyncMulticastSocket], timeoutMilliseconds: Int32) -> Bool {
        var descriptors = sockets.map { pollfd(fd: $0.socket.descriptor.rawValue, events: Int16(POLLIN), revents: 0) }
        let n = descriptors.withUnsafeMutableBufferPointer {
            poll($0.baseAddress, nfds_t($0.count), timeoutMilliseconds)
        }
        return n > 0
    }

    private static func bindToDevice(_ fd: Int32, _ interface: String) throws(SystemCallError) {
        var name = [CChar](repeating: 0, count: Int(IFNAMSIZ))
        for (i, c) in interface.utf8.prefix(Int(IFNAMSIZ) - 1).enumerated() { name[i] = CChar(bitPattern: c) }
        _ = try systemCall("setsockopt(SO_BINDTODEVICE, \(interface))") {
            name.withUnsafeBytes { setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, $0.baseAddress, socklen_t($0.count)) }
        }
    }
}
