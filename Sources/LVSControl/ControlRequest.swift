import LVSCore

/// A request from a CLI to the director over the control socket (one JSON object per line).
public enum ControlRequest: Codable, Sendable, Hashable {
    /// Apply all operations or none.
    case apply([AdminOperation])
    /// Read the table (and the connection entries when asked).
    case snapshot(includeConnections: Bool)
}
