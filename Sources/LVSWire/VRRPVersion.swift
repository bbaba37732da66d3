/// VRRP protocol versions: 2 (RFC 3768, IPv4 only, intervals in seconds, simple authentication)
/// and 3 (RFC 5798, IPv4 and IPv6, intervals in centiseconds, checksum over a pseudo-header).
public enum VRRPVersion: UInt8, Sendable, Hashable, Codable {
    case v2 = 2
    case v3 = 3
}
