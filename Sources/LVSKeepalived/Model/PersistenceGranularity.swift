import LVSVocabulary

/// `persistence_granularity`: a netmask for IPv4 virtual servers, a prefix length for IPv6 (ipvsadm -M).
public enum PersistenceGranularity: Hashable, Sendable, CustomStringConvertible {
    case netmask(InetAddress)
    case prefixLength(UInt8)

    public var description: String {
        switch self {
        case .netmask(let mask): mask.description
        case .prefixLength(let length): String(length)
        }
    }
}
