/// Collects diagnostics in the order they were found.
struct DiagnosticLog {
    private(set) var entries: [ConfigDiagnostic] = []

    /// Something written could not be applied: the configuration will be refused.
    mutating func error(
        _ message: String, at location: SourceLocation?, status: ConfigStatus = .generalError,
        prefix: ConfigDiagnostic.Prefix? = nil
    ) {
        entries.append(ConfigDiagnostic(.error, status, message, at: location, prefix: prefix))
    }

    /// keepalived reports it but the configuration still means what the user wrote (or a stated default).
    mutating func warning(
        _ message: String, at location: SourceLocation?, status: ConfigStatus = .generalError,
        prefix: ConfigDiagnostic.Prefix? = nil
    ) {
        entries.append(ConfigDiagnostic(.warning, status, message, at: location, prefix: prefix))
    }

    mutating func note(_ message: String, at location: SourceLocation?, prefix: ConfigDiagnostic.Prefix? = nil) {
        entries.append(ConfigDiagnostic(.note, .ok, message, at: location, prefix: prefix))
    }

    mutating func startup(_ message: String, at location: SourceLocation?) {
        entries.append(ConfigDiagnostic(.startup, .ok, message, at: location))
    }

    mutating func append(contentsOf other: [ConfigDiagnostic]) {
        entries.append(contentsOf: other)
    }

    var hasErrors: Bool { entries.contains { $0.severity == .error } }
}
