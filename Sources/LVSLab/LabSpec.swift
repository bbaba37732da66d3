/// One interface of a lab host: a veth whose other end is a port of the segment's bridge.
public struct LabInterfaceSpec: Sendable, Equatable {
    /// Name inside the host's namespace ("eth0").
    public var name: String
    /// The segment (bridge) it plugs into.
    public var segment: String
    /// CIDR addresses ("198.18.0.2/24", "2001:db8::2/64"); IPv6 ones are added without DAD so
    /// they are usable at once.
    public var addresses: [String]
    /// A fixed MAC; nil picks a deterministic locally administered one (02:1b:00:00:HH:II).
    public var mac: String?

    public init(name: String, segment: String, addresses: [String], mac: String? = nil) {
        self.name = name
        self.segment = segment
        self.addresses = addresses
        self.mac = mac
    }
}

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

    public init(name: String, interfaces: [LabInterfaceSpec], routes: [[String]] = [],
                sysctls: [String: String] = [:], transmitChecksumOffload: Bool? = nil) {
        self.name = name
        self.interfaces = interfaces
        self.routes = routes
        self.sysctls = sysctls
        self.transmitChecksumOffload = transmitChecksumOffload
    }
}
