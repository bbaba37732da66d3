import LVSCore

/// How keepalived tells IPVS to reach a real (or sorry) server: `lvs_method NAT|DR|TUN [type
/// ipip|gue port N|gre] [nocsum|csum|remcsum]` (lb_kind is the older spelling).
public struct ServerForwarding: Hashable, Sendable {
    public var method: ForwardMethod
    /// Meaningful for `.tunnel` only.
    public var tunnelType: TunnelType
    /// The GUE destination port (0 unless the tunnel type is GUE).
    public var tunnelPort: UInt16
    public var tunnelFlags: TunnelFlags

    public init(
        method: ForwardMethod, tunnelType: TunnelType = .ipip, tunnelPort: UInt16 = 0,
        tunnelFlags: TunnelFlags = []
    ) {
        self.method = method
        self.tunnelType = tunnelType
        self.tunnelPort = tunnelPort
        self.tunnelFlags = tunnelFlags
    }

    /// keepalived's default when neither the virtual nor the real server sets one.
    public static let nat = ServerForwarding(method: .masquerade)

    /// The words after `lvs_method`, as keepalived.conf(5) writes them.
    public var configurationWords: [String] {
        switch method {
        case .masquerade, .local: return ["NAT"]
        case .route: return ["DR"]
        case .tunnel:
            var words = ["TUN", "type", tunnelType.name]
            if tunnelType == .gue {
                words += ["port", String(tunnelPort)]
            }
            if tunnelFlags.contains(.checksum) {
                words.append("csum")
            } else if tunnelFlags.contains(.remoteChecksum) {
                words.append("remcsum")
            }
            return words
        }
    }
}
