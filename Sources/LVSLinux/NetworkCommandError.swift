/// An `ip` (iproute2) command that failed: the argv and what it printed on stderr.
public struct NetworkCommandError: Error, CustomStringConvertible {
    public let arguments: [String]
    public let status: Int32
    public let standardError: String

    public var description: String {
        let err = standardError.hasSuffix("\n") ? String(standardError.dropLast()) : standardError
        return "\(arguments.joined(separator: " ")) exited \(status): \(err)"
    }
}
