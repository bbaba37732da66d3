import CLVSLinux
import LVSVocabulary

#if canImport(Glibc)
import Glibc
#endif

/// VRRP's raw sockets (IP protocol 112) on one interface, as keepalived opens them: one to send,
/// one to receive. Two, because a raw socket bound to our address (so the kernel writes the
/// source the checksum was computed for) would only receive datagrams sent to that address,
/// never the group's.
///
/// The sender sends with TTL / hop limit 255 (unicast and multicast), TOS 0xc0, multicast loop
/// off (our own adverts must not come back as a peer's) and leaves through the interface. The
/// receiver is bound to the interface and joins 224.0.0.18 / ff02::12 there unless the instance
/// uses unicast peers. The VRRP checksum is the caller's (LVSWire), pseudo-header included.
public final class VRRPSocket: Sendable {
    public let family: InetAddress.Family
    public let interface: NetworkInterface
    /// The source of our adverts: `unicast_src_ip` when given, else the interface's first IPv4
    /// address or its IPv6 link-local address (RFC 5798 section 5.1.2.1).
    public let sourceAddress: InetAddress
    private let sender: OwnedDescriptor
    private let receiver: OwnedDescriptor

    private init(
        family: InetAddress.Family, interface: NetworkInterface, sourceAddress: InetAddress, sender: OwnedDescriptor,
        receiver: OwnedDescriptor
    ) {
        self.family = family
        self.interface = interface
        self.sourceAddress = sourceAddress
        self.sender = sender
        self.receiver = receiver
    }

    /// Opens both sockets on `interfaceName` for `family`; `source` overrides the address
    /// adverts come from; `joinGroup` is false for unicast-only instances.
    public static func open(
        family: InetAddress.Family, interfaceName: String, source: InetAddress? = nil, joinGroup: Bool = true
    ) throws(SystemCallError) -> VRRPSocket {
        let interface = try NetworkInterface.named(interfaceName)
        var chosen = source
        if chosen == nil { chosen = try defaultSource(family: family, interface: interfaceName) }
        guard let address = chosen else {
            throw SystemCallError(
                call: "no \(family == .inet ? "IPv4" : "IPv6 link-local") address on \(interfaceName)",
                errno: EADDRNOTAVAIL)
        }
        let sender = try rawSocket(family)
        let receiver = try rawSocket(family)
        try bindToDevice(sender.rawValue, interfaceName)
        try bindToDevice(receiver.rawValue, interfaceName)
        let ttl: Int32 = 255
        if family == .inet {
            try setSocketOption(sender.rawValue, level: Int32(IPPROTO_IP), IP_TTL, "IP_TTL", ttl)
            try setSocketOption(sender.rawValue, level: Int32(IPPROTO_IP), IP_MULTICAST_TTL, "IP_MULTICAST_TTL", ttl)
            try setSocketOption(
                sender.rawValue, level: Int32(IPPROTO_IP), IP_MULTICAST_LOOP, "IP_MULTICAST_LOOP", Int32(0))
            try setSocketOption(sender.rawValue, level: Int32(IPPROTO_IP), IP_TOS, "IP_TOS", Int32(0xC0))
            var outgoing = ip_mreqn()
            outgoing.imr_ifindex = interface.index
            try setSocketOption(sender.rawValue, level: Int32(IPPROTO_IP), IP_MULTICAST_IF, "IP_MULTICAST_IF", outgoing)
            _ = try SocketAddress.with(address, port: 0) { (sa, length) throws(SystemCallError) in
                try systemCall("bind(\(address))") { bind(sender.rawValue, sa, length) }
            }
            if joinGroup {
                var membership = ip_mreqn()
                membership.imr_multiaddr.s_addr = (0xE000_0012 as UInt32).bigEndian
                membership.imr_ifindex = interface.index
                try setSocketOption(
                    receiver.rawValue, level: Int32(IPPROTO_IP), IP_ADD_MEMBERSHIP, "IP_ADD_MEMBERSHIP", membership)
            }
        } else {
            let level = Int32(IPPROTO_IPV6)
            try setSocketOption(sender.rawValue, level: level, IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS", ttl)
            try setSocketOption(sender.rawValue, level: level, IPV6_MULTICAST_HOPS, "IPV6_MULTICAST_HOPS", ttl)
            try setSocketOption(sender.rawValue, level: level, IPV6_MULTICAST_LOOP, "IPV6_MULTICAST_LOOP", Int32(0))
            try setSocketOption(sender.rawValue, level: level, IPV6_TCLASS, "IPV6_TCLASS", Int32(0xC0))
            try setSocketOption(sender.rawValue, level: level, IPV6_MULTICAST_IF, "IPV6_MULTICAST_IF", interface.index)
            try setSocketOption(receiver.rawValue, level: level, IPV6_RECVHOPLIMIT, "IPV6_RECVHOPLIMIT", Int32(1))
            try setSocketOption(receiver.rawValue, level: level, IPV6_RECVPKTINFO, "IPV6_RECVPKTINFO", Int32(1))
            if joinGroup {
                var membership = ipv6_mreq()
                let group = InetAddress(v6High: 0xFF02_0000_0000_0000, low: 0x12).bytes
                withUnsafeMutableBytes(of: &membership.ipv6mr_multiaddr) { raw in
                    for i in 0..<16 { raw[i] = group[i] }
                }
                membership.ipv6mr_interface = UInt32(interface.index)
                // ipv6_mreq holds a union Swift does not call BitwiseCopyable; its bytes are plain.
                let fd = receiver.rawValue
                _ = try systemCall("setsockopt(IPV6_ADD_MEMBERSHIP)") {
                    withUnsafeBytes(of: &membership) {
                        setsockopt(fd, level, IPV6_ADD_MEMBERSHIP, $0.baseAddress, socklen_t($0.count))
                    }
                }
            }
        }
        return VRRPSocket(
            family: family, interface: interface, sourceAddress: address, sender: sender, receiver: receiver)
    }

    /// Sends one VRRP message (header, addresses, auth data; checksum already in) to the group or
    /// a unicast peer. The kernel writes the IP header, from `sourceAddress`.
    public func send(_ message: [UInt8], to destination: InetAddress) throws(SystemCallError) {
        let fd = sender.rawValue
        let sent: Int
        if family == .inet {
            sent = try SocketAddress.with(destination, port: 0) { (sa, length) throws(SystemCallError) in
                try systemCall("sendto(\(destination))") {
                    message.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, 0, sa, length) }
                }
            }
        } else {
            let (to, from, index) = (destination.bytes, sourceAddress.bytes, interface.index)
            sent = try systemCall("sendmsg(\(destination))") {
                message.withUnsafeBytes { clvs_send_ipv6_from(fd, $0.baseAddress, $0.count, to, from, index) }
            }
        }
        if sent != message.count { throw SystemCallError(call: "sendto(\(destination))", errno: EMSGSIZE) }
    }

    /// Waits up to `timeoutMilliseconds` for a datagram; nil when none came.
    public func receive(timeoutMilliseconds: Int32) throws(SystemCallError) -> VRRPDatagram? {
        var waiting = pollfd(fd: receiver.rawValue, events: Int16(POLLIN), revents: 0)
        let ready = try systemCall("poll(vrrp)") { poll(&waiting, 1, timeoutMilliseconds) }
        guard ready > 0 else { return nil }
        // Larger than any advert (255 IPv6 addresses: 4,088 bytes) so none is cut short.
        var buffer = [UInt8](repeating: 0, count: 8192)
        let fd = receiver.rawValue
        if family == .inet {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let count = try withUnsafeMutablePointer(to: &storage) { (p) throws(SystemCallError) -> Int? in
                try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { (sa) throws(SystemCallError) -> Int? in
                    try systemCall("recvfrom(vrrp)", tolerating: EAGAIN) {
                        buffer.withUnsafeMutableBytes {
                            recvfrom(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT), sa, &length)
                        }
                    }
                }
            }
            guard let count else { return nil }
            let (source, _) = withUnsafePointer(to: &storage) { SocketAddress.decode($0) }
            return VRRPDatagram(bytes: Array(buffer.prefix(count)), includesIPHeader: true, source: source)
        }
        var info = clvs_ipv6_receive_info()
        let count = try systemCall("recvmsg(vrrp)", tolerating: EAGAIN) {
            buffer.withUnsafeMutableBytes {
                clvs_recv_ipv6_with_info(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT), &info)
            }
        }
        guard let count else { return nil }
        let source = withUnsafeBytes(of: info.source) { Self.ipv6($0) }
        let destination = info.has_destination != 0 ? withUnsafeBytes(of: info.destination) { Self.ipv6($0) } : nil
        return VRRPDatagram(
            bytes: Array(buffer.prefix(count)), includesIPHeader: false, source: source, destination: destination,
            hopLimit: info.has_hop_limit != 0 ? UInt8(clamping: info.hop_limit) : nil)
    }

    // MARK: Helpers

    private static func rawSocket(_ family: InetAddress.Family) throws(SystemCallError) -> OwnedDescriptor {
        let domain = family == .inet ? AF_INET : AF_INET6
        let type = Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        let fd = try systemCall("socket(\(family == .inet ? "AF_INET" : "AF_INET6"), SOCK_RAW, 112)") {
            socket(domain, type, 112)
        }
        return OwnedDescriptor(fd)
    }

    private static func bindToDevice(_ fd: Int32, _ name: String) throws(SystemCallError) {
        let bytes = Array(name.utf8)
        _ = try systemCall("setsockopt(SO_BINDTODEVICE, \(name))") {
            bytes.withUnsafeBytes { setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, $0.baseAddress, socklen_t($0.count)) }
        }
    }

    /// The interface's first IPv4 address, or its IPv6 link-local address.
    static func defaultSource(family: InetAddress.Family, interface: String) throws(SystemCallError) -> InetAddress? {
        let addresses = try InterfaceAddresses.all()[interface] ?? []
        if family == .inet { return addresses.first { $0.isV4 } }
        return addresses.first { !$0.isV4 && $0.high >> 54 == 0x3FA }
    }

    private static func ipv6(_ raw: UnsafeRawBufferPointer) -> InetAddress {
        InetAddress(
            v6High: UInt64(bigEndian: raw.loadUnaligned(as: UInt64.self)),
            low: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }
}
