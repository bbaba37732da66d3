/// One attempt of a configured checker, as the checker's schedule and the table lifecycle see it.
public struct CheckAttemptResult: Sendable, Equatable {
    public var succeeded: Bool
    /// MISC_CHECK with misc_dynamic: the weight the script asked for (exit status - 2).
    public var dynamicWeight: UInt32?
    /// FILE_CHECK: what the tracked file adds to the real server's weight.
    public var weightAdjustment: Int32?
    /// "ok", or why it failed, in words an operator reads in the status and the logs.
    public var reason: String

    public init(succeeded: Bool, dynamicWeight: UInt32? = nil, weightAdjustment: Int32? = nil, reason: String) {
        self.succeeded = succeeded
        self.dynamicWeight = dynamicWeight
        self.weightAdjustment = weightAdjustment
        self.reason = reason
    }

    static func from<Detail>(_ outcome: ProbeOutcome<Detail>) -> CheckAttemptResult {
        CheckAttemptResult(succeeded: outcome.isSuccess, reason: outcome.summary)
    }
}
