/// What a vrrp_sync_group tells one member to do: enter `state` now (`VRRPInstance.apply`).
public struct VRRPSyncCommand: Sendable, Hashable {
    public var member: String
    public var state: VRRPState

    public init(member: String, state: VRRPState) {
        self.member = member
        self.state = state
    }
}
