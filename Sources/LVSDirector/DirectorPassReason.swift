import LVSVocabulary

/// Why the director left a frame to the kernel (which gets its own copy of every frame), beyond
/// the engine's reasons (`PassReason`). `DirectorPass` wraps both.
public enum DirectorPassReason: UInt8, FrameReason {
    /// Addressed to one of the director's own addresses.
    case ownAddress
    /// An EtherType the director does not handle.
    case otherEtherType
    /// ARP that is not a request for a VIP.
    case arp
    /// IPv6 neighbour discovery that is not a solicitation for a VIP.
    case neighbourDiscovery
    /// A VLAN tag stripped by the NIC (not handled yet).
    case vlan
    /// cache_bypass: the engine says deliver to the packet's own destination.
    case bypass

    public var label: String {
        switch self {
        case .ownAddress: "own_address"
        case .otherEtherType: "other_ethertype"
        case .arp: "arp"
        case .neighbourDiscovery: "neighbour_discovery"
        case .vlan: "vlan"
        case .bypass: "bypass"
        }
    }
}
