import LVSVocabulary

/// Tunnel checksum flags (IP_VS_TUNNEL_ENCAP_FLAG_*).
public struct TunnelFlags: OptionSet, Hashable, Sendable, Codable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let checksum = TunnelFlags(rawValue: 1)  // --tun-csum
    public static let remoteChecksum = TunnelFlags(rawValue: 2)  // --tun-remcsum
}
