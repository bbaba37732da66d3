import CLVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// The legacy ETHTOOL ioctl for transmit checksum offload. Used instead of the `ethtool` tool,
/// which is often absent; the kernel maps it onto the NETIF_F_CSUM_MASK feature bits.
public enum Ethtool {
    /// Whether the interface (in the calling thread's namespace) offloads tx checksums. With it on,
    /// frames from local senders on veth reach packet sockets as CHECKSUM_PARTIAL.
    public static func transmitChecksumOffload(interface: String) throws(SystemCallError) -> Bool {
        try value(
            interface: interface, command: UInt32(ETHTOOL_GTXCSUM), name: "SIOCETHTOOL(ETHTOOL_GTXCSUM)", set: nil) != 0
    }

    public static func setTransmitChecksumOffload(interface: String, enabled: Bool) throws(SystemCallError) {
        _ = try value(
            interface: interface, command: UInt32(ETHTOOL_STXCSUM), name: "SIOCETHTOOL(ETHTOOL_STXCSUM)",
            set: enabled ? 1 : 0)
    }

    private static func value(
        interface: String, command: UInt32, name: String, set: UInt32?
    ) throws(SystemCallError) -> UInt32 {
        let fd = try systemCall("socket(AF_INET, SOCK_DGRAM)") {
            socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        defer { close(fd) }
        var req = try InterfaceRequest(name: interface)
        var v = ethtool_value(cmd: command, data: set ?? 0)
        try req.ioctl(fd, UInt(SIOCETHTOOL), name, data: &v)
        return v.data
    }
}
