/// What an instance's tracked objects say now: the priority to advertise and whether the
/// instance must be in FAULT. Given to `VRRPInstance.trackingChanged(_:now:)`.
public struct VRRPTrackingStatus: Sendable, Hashable {
    /// The effective priority: the base plus the weights in force, within 1...254 (255 for the
    /// address owner, whose priority never moves).
    public var priority: UInt8
    /// A weight-0 object is down (or up, with `reverse`), or a tracked file's status reached -254.
    public var fault: Bool
    /// A weight-0 script has not reported yet: keepalived keeps the instance out of service
    /// (FAULT) without running notify_fault until it does.
    public var waitingForScripts: Bool

    public init(priority: UInt8, fault: Bool = false, waitingForScripts: Bool = false) {
        self.priority = priority
        self.fault = fault
        self.waitingForScripts = waitingForScripts
    }

    /// Out of service for either reason.
    public var isDown: Bool { fault || waitingForScripts }
}
