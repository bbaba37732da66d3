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
