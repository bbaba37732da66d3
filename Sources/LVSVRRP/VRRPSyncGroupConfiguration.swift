/// A `vrrp_sync_group NAME { group { ... } ... }` block (keepalived 2.2.7 vrrp_parser.c
/// vrrp_sync_group_handler and the group keywords): instances that change state together.
public struct VRRPSyncGroupConfiguration: Sendable, Hashable {
    public var name: String
    /// Member instance names, in the order given (resolved against the vrrp_instances when the
    /// whole configuration is read).
    public var members: [String] = []
    public var notify = VRRPNotifyScripts()
    /// Tracked objects of the group: every member tracks them.
    public var trackedInterfaces: [VRRPTrackedObject] = []
    public var trackedScripts: [VRRPTrackedObject] = []
    public var trackedFiles: [VRRPTrackedObject] = []
    /// `sync_group_tracking_weight` (or the deprecated `global_tracking`): members keep their
    /// tracking weights; without it keepalived drops them (vrrp.c vrrp_complete_instance).
    public var trackingWeight = false

    public init(name: String, members: [String] = []) {
        self.name = name
        self.members = members
    }
}
