/// Why `IPVSSysctls.set` refused a setting.
public enum IPVSSysctlError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    case unknownName(String)
    case invalidValue(name: String, value: String, expected: String)
    /// A setting a running director does not change (`IPVSSysctls.startOnlyNames`).
    case startOnly(String)

    public var description: String {
        switch self {
        case .unknownName(let name):
            "unknown IPVS sysctl \(name) (known: \(IPVSSysctls.names.joined(separator: ", ")))"
        case .invalidValue(let name, let value, let expected):
            "invalid value \"\(value)\" for \(name): expected \(expected)"
        case .startOnly(let name):
            "\(name) is read when the director starts: set it with lvs director --sysctl \(name)=VALUE"
        }
    }
}
