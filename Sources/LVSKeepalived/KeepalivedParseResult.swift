/// What parsing a keepalived.conf gives: the configuration only when nothing in it was refused,
/// and every diagnostic in the order found.
public struct KeepalivedParseResult: Hashable, Sendable {
    /// nil when any diagnostic is an error: a configuration is applied whole or not at all.
    public var configuration: KeepalivedConfiguration?
    public var diagnostics: [ConfigDiagnostic]

    public init(configuration: KeepalivedConfiguration?, diagnostics: [ConfigDiagnostic]) {
        self.configuration = configuration
        self.diagnostics = diagnostics
    }

    public var isUsable: Bool { configuration != nil }

    /// What `keepalived -t` prints: all but what keepalived logs only when it starts.
    public var configTestDiagnostics: [ConfigDiagnostic] {
        diagnostics.filter { $0.severity != .startup }
    }

    /// The level `keepalived -t` would end with: the highest raw level reported (keepalived keeps
    /// the numerically largest, so a warning after a fatal error decides the status).
    public var status: ConfigStatus {
        diagnostics.map(\.status).max() ?? .ok
    }

    /// What `lvs keepalived -t` exits with; see `ConfigStatus.exitStatus`. A main file that cannot
    /// be read is 4 here (keepalived 2.2.7 prints "Config files missing" and exits 0).
    public var testExitStatus: Int32 {
        if diagnostics.contains(where: { $0.status == .fileNotFound && $0.location == nil }) {
            return ConfigStatus.fileNotFound.exitStatus
        }
        return status.exitStatus
    }
}
