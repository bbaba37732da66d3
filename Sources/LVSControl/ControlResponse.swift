import LVSCore

/// The director's answer to one `ControlRequest`.
public enum ControlResponse: Codable, Sendable, Hashable {
    case applied
    case rejected(IPVSTable.BatchError)
    case snapshot(TableSnapshot)
    /// The answer to `.syncStatus`.
    case syncStatus(SyncDaemonStatus)
    /// The request could not be understood or served.
    case failure(String)
}
