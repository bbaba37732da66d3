/// VRRPv2 authentication (RFC 2338 section 5.3.6; RFC 3768 keeps the field for compatibility).
/// VRRPv3 has none: its adverts carry auth type 0 implicitly.
public enum VRRPAuthentication: Sendable, Hashable {
    case none
    /// Simple text password: up to 8 bytes, zero-padded on the wire (keepalived truncates longer
    /// ones). Held as the 8 wire bytes in a UInt64, first byte highest.
    case password(UInt64)

    /// Auth type field values.
    public static let typeNone: UInt8 = 0
    public static let typePassword: UInt8 = 1

    /// The password as keepalived stores `auth_pass`: its first 8 UTF-8 bytes, zero-padded.
    public static func password(text: String) -> VRRPAuthentication {
        var value: UInt64 = 0
        let bytes = Array(text.utf8.prefix(8))
        for index in 0..<8 {
            value = value << 8 | UInt64(index < bytes.count ? bytes[index] : 0)
        }
        return .password(value)
    }

    public var authType: UInt8 {
        switch self {
        case .none: Self.typeNone
        case .password: Self.typePassword
        }
    }

    /// The 8 auth data bytes as a big-endian word (zero without a password).
    public var authData: UInt64 {
        switch self {
        case .none: 0
        case .password(let data): data
        }
    }
}
