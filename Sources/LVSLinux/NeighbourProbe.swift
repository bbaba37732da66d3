#if canImport(Glibc)
import Glibc
#endif
import CLVSLinux
import LVSCore

/// Makes the kernel resolve a neighbour's MAC address: a one-byte UDP datagram to the discard
/// port sends the kernel through ARP for the next hop toward `address`, and the answer lands
/// in its neighbour table (where the director reads it). Refreshing a stale entry the same way
/// makes the kernel revalidate it. The socket belongs to the namespace it was created in.
public final class NeighbourProbe: Sendable {
    private let socket4: OwnedDescriptor

    public init() throws(SystemCallError) {
        let fd = try systemCall("socket(AF_INET, SOCK_DGRAM)") {
            socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        }
        socket4 = OwnedDescriptor(fd)
    }

    /// Sends the probe; failures (no route, queue full) are not worth reporting: the caller
    /// simply finds the neighbour still unresolved and tries again later.
    public func probe(_ address: InetAddress, port: UInt16 = 9) {
        guard address.isV4 else { return }
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
}
