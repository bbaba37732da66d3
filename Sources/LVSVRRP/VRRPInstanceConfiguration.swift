import LVSVocabulary
import LVSWire

/// One `vrrp_instance` with keepalived 2.2.7's defaults (vrrp_parser.c, vrrp.c's
/// vrrp_complete_instance). Read from the block tree by `init(reading:problems:)`.
public struct VRRPInstanceConfiguration: Sendable, Hashable {
    public var name: String
    /// `state MASTER` or `BACKUP` (the default). keepalived starts every instance but the owner
    /// in BACKUP; MASTER only says where it wants to go.
    public var initialState: VRRPState = .backup
    public var interface: String?
    /// 1...255; 0 when the configuration gave none (keepalived refuses such an instance).
    public var virtualRouterID: UInt8 = 0
    public var priority: UInt8 = 100
    /// In centiseconds: whole seconds for v2, 1...4095 for v3 (keepalived rounds to these).
    public var advertisementInterval: Int = 100
    public var version: VRRPVersion = .v2
    /// The family of the virtual addresses (`native_ipv6` makes it IPv6).
    public var family: InetAddress.Family = .inet
    public var authentication: VRRPAuthentication = .none
    public var virtualAddresses: [InetAddress] = []
    public var unicastSourceAddress: InetAddress?
    public var unicastPeers: [InetAddress] = []
    /// Preempt is keepalived's default; `nopreempt` turns it off.
    public var preempt = true
    /// Milliseconds a backup waits before preempting a lower-priority master (0: at once).
    public var preemptDelay: Int64 = 0
    public var nativeIPv6 = false
    /// garp_master_delay in milliseconds: the second burst of gratuitous ARPs after becoming
    /// master (0: none).
    public var gratuitousDelay: Int64 = 5000
    /// garp_master_repeat: gratuitous ARPs per burst.
    public var gratuitousRepeat = 5
    /// garp_master_refresh in milliseconds (0: off, the default).
    public var gratuitousRefresh: Int64 = 0
    /// garp_master_refresh_repeat.
    public var gratuitousRefreshRepeat = 1

    public init(name: String) {
        self.name = name
    }

    /// Whether adverts go to peers rather than the group (RFC's TTL check does not apply then).
    public var isUnicast: Bool { !unicastPeers.isEmpty }

    /// The receive checks an instance of this configuration applies.
    public var receivePolicy: VRRPReceivePolicy {
        VRRPReceivePolicy(
            version: version, requiresHopLimit255: !isUnicast,
            authentication: version == .v2 ? authentication : nil,
            advertisementInterval: version == .v2 ? advertisementInterval : nil,
            virtualRouterID: virtualRouterID, expectsUnicast: isUnicast)
    }
}
