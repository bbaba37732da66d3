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
        /// What keepalived logs when it starts the checkers rather than while reading: `-t` neither
        /// prints nor counts it (see `KeepalivedParseResult.configTestDiagnostics`).
        case startup
    }

    /// How much of the location keepalived prints before the message.
    public enum Prefix: String, Hashable, Sendable {
        /// `(FILE: Line N) message`: what it reports while reading.
        case fileAndLine
        /// `(Line N) message`: its first pass over the files names the file only when several are
        /// in play, and some problems (a missing include) are reported by that pass alone.
        case lineOnly
        /// `message`: reported after reading (validation, a missing `}`, a missing main file).
        case none
    }

    public var severity: Severity
    /// The level keepalived gives the same message; decides the `-t` exit status.
    public var status: ConfigStatus
    /// Where the problem is, also when keepalived does not print it (see `prefix`).
    public var location: SourceLocation?
    public var prefix: Prefix
    public var message: String

    public init(
        _ severity: Severity, _ status: ConfigStatus, _ message: String, at location: SourceLocation?,
        prefix: Prefix? = nil
    ) {
        self.severity = severity
        self.status = status
        self.location = location
        self.prefix = prefix ?? (location == nil ? .none : .fileAndLine)
        self.message = message
    }

    /// As keepalived prints it: `(FILE: Line N) message`, `(Line N) message` or `message`.
    public var description: String {
        guard let location else { return message }
        switch prefix {
        case .fileAndLine: return "(\(location.file): Line \(location.line)) \(message)"
        case .lineOnly: return "(Line \(location.line)) \(message)"
        case .none: return message
        }
    }
}
