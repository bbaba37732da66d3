import LVSVocabulary

/// Identity of a virtual service: protocol+address+port, or a firewall mark (with address family).
public enum ServiceKey: Hashable, Sendable, Codable {
    case address(TransportProtocol, InetAddress, UInt16)
    case fwmark(UInt32, InetAddress.Family)

    public var family: InetAddress.Family {
        switch self {
        case .address(_, let a, _): a.family
        case .fwmark(_, let f): f
        }
    }
    public var fwmark: UInt32 {
        if case .fwmark(let m, _) = self { return m }
        return 0
    }
}
