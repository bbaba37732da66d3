#if canImport(Glibc)
import Glibc
#endif
import CLVSLinux
import LVSWire
import LVSVocabulary

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
        let fd = try systemCall("socket(AF_INET, SOCK_DGRAM)") { socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
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

/// `struct ifreq` with its name filled in; the one place that writes into ifreq's unions.
struct InterfaceRequest {
    var raw = ifreq()

    init(name: String) throws(SystemCallError) {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count < Int(IFNAMSIZ) else {
            throw SystemCallError(call: "ifreq(\(name))", errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &raw.ifr_ifrn.ifrn_name) { dst in
            for (i, b) in bytes.enumerated() { dst[i] = b }
        }
    }

    mutating func ioctl(_ fd: Int32, _ request: UInt, _ name: String) throws(SystemCallError) {
        _ = try systemCall("ioctl(\(name))") { clvs_ioctl_ptr(fd, request, &raw) }
    }

    /// ioctl with `ifr_data` pointing at `payload` (SIOCETHTOOL).
    mutating func ioctl<T>(_ fd: Int32, _ request: UInt, _ name: String, data payload: inout T) throws(SystemCallError) {
        try withUnsafeMutablePointer(to: &payload) { (p) throws(SystemCallError) in
            raw.ifr_ifru.ifru_data = UnsafeMutableRawPointer(p).assumingMemoryBound(to: CChar.self)
            _ = try systemCall("ioctl(\(name))") { clvs_ioctl_ptr(fd, request, &raw) }
            raw.ifr_ifru.ifru_data = nil
        }
    }
}
