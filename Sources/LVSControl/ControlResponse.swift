import LVSCore

/// The director's answer to one `ControlRequest`.
public enum ControlResponse: Codable, Sendable, Hashable {
    case applied
    case rejected(IPVSTable.BatchError)
    case snapshot(TableSnapshot)
    /// The answer to `.syncStatus`.
    case syncStatus(SyncDaemonStatus)
    /// The answer to `.sysctls`: every setting by its kernel name, as /proc/sys/net/ipv4/vs shows it.
    case sysctls([String: String])
    /// `.sysctls` changed nothing: this setting was refused.
    case sysctlRefused(IPVSSysctlError)
    /// The request could not be understood or served.
    case failure(String)
}
