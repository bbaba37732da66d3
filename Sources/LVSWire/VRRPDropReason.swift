import LVSVocabulary

/// Why a received frame is not a VRRP advertisement this router may act on (RFC 3768 section 7.1,
/// RFC 5798 section 7.1, keepalived's vrrp_check_packet). `label` is the metric label.
///
/// A type of its own rather than cases of `DropReason`: these are not forwarding drops but the
/// receive checks of the VRRP instances (counted per instance, like keepalived's statistics), and
/// `DropReason`'s raw values index the data-plane workers' counter arrays, which should not grow
/// with control-plane reasons.
public enum VRRPDropReason: UInt8, FrameReason {
    /// Not IPv4 or IPv6 over Ethernet.
    case notIP
    /// The IP layer itself is malformed (the frame parser's reason says which way).
    case badIPPacket
    /// IP protocol is not 112.
    case notVRRP
    /// Shorter than the 8-byte fixed VRRP header.
    case truncatedVRRP
    /// TTL / hop limit is not 255 (multicast adverts only; unicast peers may be routed).
    case badHopLimit
    /// Version is not 2 or 3, v2 over IPv6, or not the version this instance speaks.
    case badVersion
    /// Type is not 1 (ADVERTISEMENT).
    case badType
    /// The VRRP message is shorter than its address count (and v2 auth data) require.
    case truncatedAddresses
    /// The VRRP message is longer than its address count says.
    case addressCountMismatch
    case badChecksum
    /// v2 auth type is not 0 (none) or 1 (simple text password).
    case unsupportedAuthType
    /// v2 auth type differs from the configured one.
    case authTypeMismatch
    /// v2 simple text password differs from the configured one.
    case badPassword
    /// Advertisement interval of 0, or (v2) not the configured interval.
    case badInterval
    /// Another virtual router's advert (keepalived finds the instance by VRID first).
    case otherVirtualRouter
    /// Multicast where unicast peers are configured, or unicast where none are.
    case multicastUnicastMismatch

    public var label: String {
        switch self {
        case .notIP: "not_ip"
        case .badIPPacket: "bad_ip_packet"
        case .notVRRP: "not_vrrp"
        case .truncatedVRRP: "truncated_vrrp"
        case .badHopLimit: "bad_hop_limit"
        case .badVersion: "bad_version"
        case .badType: "bad_type"
        case .truncatedAddresses: "truncated_addresses"
        case .addressCountMismatch: "address_count_mismatch"
        case .badChecksum: "bad_checksum"
        case .unsupportedAuthType: "unsupported_auth_type"
        case .authTypeMismatch: "auth_type_mismatch"
        case .badPassword: "bad_password"
        case .badInterval: "bad_interval"
        case .otherVirtualRouter: "other_virtual_router"
        case .multicastUnicastMismatch: "multicast_unicast_mismatch"
        }
    }
}

extension VRRPDropReason: Error {}
