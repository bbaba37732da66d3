import CLVSLinux
import LVSVocabulary
import LVSWire

#if canImport(Glibc)
import Glibc
#endif

/// A network interface as the current thread's network namespace sees it.
public struct NetworkInterface: Sendable, Equatable {
    public let name: String
    public let index: Int32
    public let address: MACAddress
    public let mtu: Int
    /// IFF_* flags (IFF_UP, IFF_PROMISC, ...).
    public let flags: UInt32

    public var isUp: Bool { flags & UInt32(IFF_UP) != 0 }

    /// Reads index, MAC, MTU and flags with SIOCGIF* ioctls. Throws ENODEV for an unknown name.
    public static func named(_ name: String) throws(SystemCallError) -> NetworkInterface {
        let fd = try systemCall("socket(AF_INET, SOCK_DGRAM)") {
            socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        defer { close(fd) }
        var req = try InterfaceRequest(name: name)
        try req.ioctl(fd, UInt(SIOCGIFINDEX), "SIOCGIFINDEX")
        let index = req.raw.ifr_ifru.ifru_ivalue
        try req.ioctl(fd, UInt(SIOCGIFHWADDR), "SIOCGIFHWADDR")
        let mac = withUnsafeBytes(of: req.raw.ifr_ifru.ifru_hwaddr.sa_data) { MACAddress(bytes: $0)! }
        try req.ioctl(fd, UInt(SIOCGIFMTU), "SIOCGIFMTU")
        let mtu = Int(req.raw.ifr_ifru.ifru_mtu)
        try req.ioctl(fd, UInt(SIOCGIFFLAGS), "SIOCGIFFLAGS")
        let flags = UInt32(UInt16(bitPattern: req.raw.ifr_ifru.ifru_flags))
        return NetworkInterface(name: name, index: index, address: mac, mtu: mtu, flags: flags)
    }
}
