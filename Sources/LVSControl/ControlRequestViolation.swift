import LVSCore

/// A decoded control request that ipvsadm (or keepalived) could not have sent: which part,
/// and why. The daemon refuses the whole request and changes nothing.
public struct ControlRequestViolation: Error, Hashable, Sendable, CustomStringConvertible {
    /// The operation of an `apply` batch at fault; nil for the other requests.
    public var operationIndex: Int?
    public var reason: String

    public init(operationIndex: Int? = nil, reason: String) {
        self.operationIndex = operationIndex
        self.reason = reason
    }

    public var description: String {
        operationIndex.map { "operation \($0): \(reason)" } ?? reason
    }
}
