import LVSVocabulary

/// One line of `virtual_ipaddress` or `virtual_ipaddress_excluded`:
/// `ADDRESS[/PREFIX] [dev IFNAME] [label LABEL] [brd ..] [scope ..] ...` (keepalived 2.2.7
/// vrrp_ipaddress.c alloc_ipaddress). The prefix defaults to the full length (32 or 128);
/// without `dev` the address goes on the instance's interface.
public struct VRRPVirtualAddress: Sendable, Hashable {
    public var address: InetAddress
    public var prefixLength: Int
    public var device: String?
    /// IPv4 only (keepalived ignores a label on an IPv6 address, with a warning).
    public var label: String?

    public init(address: InetAddress, prefixLength: Int? = nil, device: String? = nil, label: String? = nil) {
        self.address = address
        self.prefixLength = prefixLength ?? (address.family == .inet ? 32 : 128)
        self.device = device
        self.label = label
    }
}
