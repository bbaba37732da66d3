import CLVSLinux
import LVSVocabulary

#if canImport(Glibc)
import Glibc
#endif

/// Makes the kernel resolve a neighbour's MAC address: a one-byte UDP datagram to the discard
/// port sends the kernel through ARP for the next hop toward `address`, and the answer lands
/// in its neighbour table (where the director reads it). Refreshing a stale entry the same way
/// makes the kernel revalidate it. The socket belongs to the namespace it was created in.
public final class NeighbourProbe: Sendable {
    private let socket4: OwnedDescriptor
    /// nil where IPv6 is disabled.
    private let socket6: OwnedDescriptor?

    public init() throws(SystemCallError) {
        let flags = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        let fd = try systemCall("socket(AF_INET, SOCK_DGRAM)") { socket(AF_INET, flags, 0) }
        socket4 = OwnedDescriptor(fd)
        let fd6 = socket(AF_INET6, flags, 0)
        socket6 = fd6 >= 0 ? OwnedDescriptor(fd6) : nil
    }

    /// Sends the probe; failures (no route, queue full) are not worth reporting: the caller
    /// simply finds the neighbour still unresolved and tries again later.
    public func probe(_ address: InetAddress, port: UInt16 = 9) {
        guard address.isV4 else {
            probe6(address, port: port)
            return
        }
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = port.bigEndian
        sa.sin_addr.s_addr = address.v4.bigEndian
        var byte: UInt8 = 0
        _ = withUnsafePointer(to: &sa) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(socket4.rawValue, &byte, 1, Int32(MSG_DONTWAIT), $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }

    /// The IPv6 probe: the kernel resolves the next hop with neighbour discovery.
    private func probe6(_ address: InetAddress, port: UInt16) {
        guard let socket6 else { return }
        var sa = sockaddr_in6()
        sa.sin6_family = sa_family_t(AF_INET6)
        sa.sin6_port = port.bigEndian
        withUnsafeMutableBytes(of: &sa.sin6_addr) { raw in
            for (i, b) in address.bytes.enumerated() { raw[i] = b }
        }
        var byte: UInt8 = 0
        _ = withUnsafePointer(to: &sa) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(socket6.rawValue, &byte, 1, Int32(MSG_DONTWAIT), $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
            }
        }
    }
}
