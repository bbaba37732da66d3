import LVSKeepalived

/// Runs a notify script (notify_up, quorum_down, ...) without waiting for it: keepalived does
/// not wait either, and a slow script must not hold back the checkers.
public typealias NotifyScriptRunner = @Sendable (NotifyScript, [String]) -> Void
