/// Why `IPVSSysctls.set` refused a setting.
public enum IPVSSysctlError: Error, Equatable, CustomStringConvertible {
    case unknownName(String)
    case invalidValue(name: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .unknownName(let name):
            "unknown IPVS sysctl \(name) (known: \(IPVSSysctls.names.joined(separator: ", ")))"
        case .invalidValue(let name, let value, let expected):
            "invalid value \"\(value)\" for \(name): expected \(expected)"
        }
    }
}
