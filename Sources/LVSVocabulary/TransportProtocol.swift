/// Transport protocols a virtual service can carry (IPPROTO_* numbers).
public enum TransportProtocol: UInt8, Hashable, Sendable, Codable, Comparable {
    case tcp = 6  // IPProtocolNumber.tcp (a raw value must be a literal)
    case udp = 17  // IPProtocolNumber.udp
    case sctp = 132  // IPProtocolNumber.sctp
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    /// The name ipvsadm prints in the Prot column.
    public var ipvsadmName: String {
        switch self {
        case .tcp: "TCP"
        case .udp: "UDP"
        case .sctp: "SCTP"
        }
    }
}
