import LVSCore

/// What the control socket serves: the daemon's table behind a lock. The control plane may
/// lock; packet workers never touch this (they read published snapshots).
public protocol ControlService: Sendable {
    func handle(_ request: ControlRequest) -> ControlResponse
}
