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

    /// The interface's driver and the bus its device sits on (ETHTOOL_GDRVINFO).
    public static func driver(interface: String) throws(SystemCallError) -> InterfaceDriver {
        var info = ethtool_drvinfo()
        info.cmd = UInt32(ETHTOOL_GDRVINFO)
        try request(interface: interface, name: "SIOCETHTOOL(ETHTOOL_GDRVINFO)", &info)
        return InterfaceDriver(
            name: string(of: &info.driver), busInfo: string(of: &info.bus_info))
    }

    private static func value(
        interface: String, command: UInt32, name: String, set: UInt32?
    ) throws(SystemCallError) -> UInt32 {
        var v = ethtool_value(cmd: command, data: set ?? 0)
        try request(interface: interface, name: name, &v)
        return v.data
    }

    private static func request<T>(interface: String, name: String, _ payload: inout T) throws(SystemCallError) {
        let fd = try systemCall("socket(AF_INET, SOCK_DGRAM)") {
            socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        defer { close(fd) }
        var req = try InterfaceRequest(name: interface)
        try req.ioctl(fd, UInt(SIOCETHTOOL), name, data: &payload)
    }

    /// A fixed-size, NUL-terminated C string field of a kernel struct.
    private static func string<T>(of field: inout T) -> String {
        withUnsafeBytes(of: &field) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
