import LVSCore

/// What the control socket serves: the daemon's table behind a lock. The control plane may
/// lock; packet workers never touch this (they read published snapshots).
public protocol ControlService: Sendable {
    func handle(_ request: ControlRequest) -> ControlResponse
    /// Answers `request` in pieces for `respond` to send as they come (a big listing), ending
    /// with a final answer; stops early when `respond` returns false (the client is gone).
    func stream(_ request: ControlRequest, to respond: (ControlResponse) -> Bool)
}

extension ControlService {
    /// One answer: what a service without streamed listings gives.
    public func stream(_ request: ControlRequest, to respond: (ControlResponse) -> Bool) {
        _ = respond(handle(request))
    }
}
