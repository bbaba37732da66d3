/// A vrrp_sync_group's answer to a member's change: the other members' commands, in the group's
/// order, and the state the group entered (run the group's notify scripts for it), if any.
public struct VRRPSyncGroupDecision: Sendable, Hashable {
    public var commands: [VRRPSyncCommand]
    public var groupEntered: VRRPState?

    public init(commands: [VRRPSyncCommand] = [], groupEntered: VRRPState? = nil) {
        self.commands = commands
        self.groupEntered = groupEntered
    }
}
