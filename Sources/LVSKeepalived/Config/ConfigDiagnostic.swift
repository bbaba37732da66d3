/// One message about a configuration, with where it was found.
public struct ConfigDiagnostic: Hashable, Sendable, CustomStringConvertible {
    /// Whether the message makes the configuration unusable.
    public enum Severity: String, Hashable, Sendable {
        /// Part of what was written could not be applied: the configuration is refused as a whole.
        case error
        /// keepalived applies a default or ignores something harmless; the configuration is usable.
        case warning
        /// Information keepalived prints without counting it against the file (`-t` stays 0).
        case note
    }

    public var severity: Severity
    /// The level keepalived gives the same message; decides the `-t` exit status.
    public var status: ConfigStatus
    public var location: SourceLocation?
    public var message: String

    public init(_ severity: Severity, _ status: ConfigStatus, _ message: String, at location: SourceLocation?) {
        self.severity = severity
        self.status = status
        self.location = location
        self.message = message
    }

    /// As keepalived prints it: `(FILE: Line N) message`.
    public var description: String {
        guard let location else { return message }
        return "(\(location.file): Line \(location.line)) \(message)"
    }
}
