import LVSCore

/// A request from a CLI to the director over the control socket (one JSON object per line).
public enum ControlRequest: Codable, Sendable, Hashable {
    /// Apply all operations or none.
    case apply([AdminOperation])
    /// Read the table (and the connection entries when asked).
    case snapshot(includeConnections: Bool)
}

/// The director's answer to one `ControlRequest`.
public enum ControlResponse: Codable, Sendable, Hashable {
    case applied
    case rejected(IPVSTable.BatchError)
    case snapshot(TableSnapshot)
    /// The request could not be understood or served.
    case failure(String)
}

/// The control socket's path: `LVS_CONTROL_SOCKET` if set, else `/run/lvs/control.sock`.
public enum ControlSocketPath {
    public static let defaultPath = "/run/lvs/control.sock"
    public static let environmentVariable = "LVS_CONTROL_SOCKET"
    public static func resolve(_ environment: [String: String]) -> String {
        if let p = environment[environmentVariable], !p.isEmpty { return p }
        return defaultPath
    }
}
