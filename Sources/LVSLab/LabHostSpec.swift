/// A lab host: one network namespace.
public struct LabHostSpec: Sendable, Equatable {
    public var name: String
    public var interfaces: [LabInterfaceSpec]
    /// `ip route add` arguments, e.g. ["default", "via", "198.18.1.1"].
    public var routes: [[String]]
    /// Sysctls set inside the host's namespace, e.g. ["net.ipv4.ip_forward": "1"].
    public var sysctls: [String: String]
    /// Transmit checksum offload wanted on the host's interfaces; nil leaves the veth default
    /// (on, which makes frames from this host CHECKSUM_PARTIAL for packet sockets elsewhere).
    public var transmitChecksumOffload: Bool?

    public init(
        name: String, interfaces: [LabInterfaceSpec], routes: [[String]] = [],
        sysctls: [String: String] = [:], transmitChecksumOffload: Bool? = nil
    ) {
        self.name = name
        self.interfaces = interfaces
        self.routes = routes
        self.sysctls = sysctls
        self.transmitChecksumOffload = transmitChecksumOffload
    }
}
