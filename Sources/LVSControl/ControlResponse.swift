import LVSCore

/// The director's answer to one `ControlRequest`.
public enum ControlResponse: Codable, Sendable, Hashable {
    case applied
    case rejected(IPVSTable.BatchError)
    case snapshot(TableSnapshot)
    /// A piece of a streamed listing: its services and connections come before those of the
    /// pieces after it; the listing ends with a `.snapshot` (the last piece). The first piece
    /// carries the timeouts and daemons.
    case part(TableSnapshot)
    /// The answer to `.syncStatus`.
    case syncStatus(SyncDaemonStatus)
    /// The answer to `.sysctls`: every setting by its kernel name, as /proc/sys/net/ipv4/vs shows it.
    case sysctls([String: String])
    /// `.sysctls` changed nothing: this setting was refused.
    case sysctlRefused(IPVSSysctlError)
    /// The request could not be understood or served.
    case failure(String)
    /// The answer to `.dropCounts`: each reason's label (as the director's stop report and
    /// metrics name it) with its count, reasons never seen left out.
    case dropCounts([String: UInt64])
}
