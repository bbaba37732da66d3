import LVSVocabulary

/// How a real server is reached (IP_VS_CONN_F_FWD_MASK values).
public enum ForwardMethod: UInt8, Hashable, Sendable, Codable {
    case masquerade = 0  // NAT, -m
    case local = 1
    case tunnel = 2  // -i
    case route = 3  // DR, -g (ipvsadm's default)
    /// The word ipvsadm prints in the Forward column.
    public var ipvsadmName: String {
        switch self {
        case .masquerade: "Masq"
        case .local: "Local"
        case .tunnel: "Tunnel"
        case .route: "Route"
        }
    }
}
