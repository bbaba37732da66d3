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
    /// garp_lower_prio_delay in milliseconds: while master, a lower-priority advert is answered
    /// with a burst of gratuitous ARPs and this long after with another (default: the
    /// garp_master_delay of global_defs, 5 s; vrrp.c vrrp_complete_instance).
    public var lowerPriorityGratuitousDelay: Int64 = 5000
    /// garp_lower_prio_repeat: the burst's size (0: none; default: global_defs'
    /// vrrp_garp_master_repeat, 5).
    public var lowerPriorityGratuitousRepeat = 5
    /// The `virtual_ipaddress` lines with their prefix, dev and label (`virtualAddresses` holds
    /// the same addresses, the ones the adverts carry).
    public var virtualIPAddresses: [VRRPVirtualAddress] = []
    /// `virtual_ipaddress_excluded`: claimed with the others while master, never advertised
    /// (any family).
    public var excludedVirtualIPAddresses: [VRRPVirtualAddress] = []
    /// `track_interface`: interfaces with their weights.
    public var trackedInterfaces: [VRRPTrackedObject] = []
    /// `track_script`: vrrp_script names with the weights in force for this instance.
    public var trackedScripts: [VRRPTrackedObject] = []
    /// `track_file`: track_file names with the weights in force for this instance.
    public var trackedFiles: [VRRPTrackedObject] = []
    /// keepalived tracks the instance's own interface with weight 0 (down: FAULT) unless
    /// `dont_track_primary`.
    public var tracksPrimaryInterface = true
    public var notify = VRRPNotifyScripts()

    public init(name: String) {
        self.name = name
    }

    /// Every address the instance claims while master: the advertised ones, then the excluded.
    public var claimedAddresses: [InetAddress] {
        virtualAddresses + excludedVirtualIPAddresses.map(\.address)
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
