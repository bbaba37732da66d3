import LVSCore

/// What the keepalived table lifecycle asks its caller to do. The lifecycle itself does no I/O:
/// the caller applies table batches, runs scripts, writes logs and the notify FIFO.
public enum LifecycleAction: Hashable, Sendable {
    /// One atomic batch per transition, already free of the operations keepalived would see fail
    /// and ignore (adding what exists, deleting what is gone).
    case apply([AdminOperation])
    /// A notify_up/notify_down/quorum_up/quorum_down script: argv as keepalived builds it (the
    /// script's own words; keepalived appends nothing), run as the script's user and group.
    case runScript(NotifyScript, arguments: [String])
    /// A line for keepalived's log, in keepalived's words.
    case log(String)
    /// A line for `lvs_notify_fifo`/`notify_fifo` ("RS ... UP", "VS ... DOWN"), newline included.
    case writeNotifyFifo(String)
}
