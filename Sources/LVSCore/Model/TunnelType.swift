import LVSVocabulary

public enum TunnelType: UInt8, Hashable, Sendable, Codable {
    case ipip = 0
    case gue = 1
    case gre = 2
    public var name: String {
        switch self {
        case .ipip: "ipip"
        case .gue: "gue"
        case .gre: "gre"
        }
    }
}
