import LVSCore

/// One step of a restore: a request and the input line it came from (1-based).
public struct RestoreStep: Hashable, Sendable {
    public var line: Int
    public var request: IPVSAdmRequest
}
