import LVSVocabulary
import Synchronization

/// A real server (kernel `struct ip_vs_dest`): its configuration and the live counters the
/// schedulers read. Owned by one `VirtualService`; stays alive while connections point at it
/// even after it is deleted (the kernel's trash list).
///
/// The fields schedulers read per packet skip Swift's dynamic exclusivity checks: a server is
/// mutated only by its table's single owner, and each check costs as much as the whole read.
public final class RealServer {
    @exclusivity(unchecked) public internal(set) var config: DestinationConfig
    /// The connection counts and overload flag (kernel activeconns, inactconns, persistconns,
    /// IP_VS_DEST_F_OVERLOAD): atomic, as in the kernel, because every worker's copy of a server
    /// counts in one place, the lead table's copy (`countsOwner`), whose counts the shared
    /// scheduler reads. Inline, so a scheduler scanning 1000 servers reads one object each.
    private let active = Atomic<Int32>(0)
    private let inactive = Atomic<Int32>(0)
    private let persistent = Atomic<Int32>(0)
    private let overloaded = Atomic<Bool>(false)
    /// The copy whose counts this one uses (the lead table's, see `SchedulingRole`); nil: its own.
    let countsOwner: RealServer?

    /// Connections in ESTABLISHED (kernel activeconns).
    public var activeConnections: Int32 {
        get { (countsOwner ?? self).active.load(ordering: .relaxed) }
        set { (countsOwner ?? self).active.store(newValue, ordering: .relaxed) }
    }
    /// Other non-template connections (kernel inactconns).
    public var inactiveConnections: Int32 {
        get { (countsOwner ?? self).inactive.load(ordering: .relaxed) }
        set { (countsOwner ?? self).inactive.store(newValue, ordering: .relaxed) }
    }
    /// Persistence templates pointing here (kernel persistconns).
    public var persistentConnections: Int32 {
        get { (countsOwner ?? self).persistent.load(ordering: .relaxed) }
        set { (countsOwner ?? self).persistent.store(newValue, ordering: .relaxed) }
    }
    /// Set when active+inactive reaches the upper threshold (IP_VS_DEST_F_OVERLOAD).
    public var isOverloaded: Bool {
        get { (countsOwner ?? self).overloaded.load(ordering: .relaxed) }
        set { (countsOwner ?? self).overloaded.store(newValue, ordering: .relaxed) }
    }

    /// A connection was bound (+1), let go of (-1), or moved between active and inactive: one
    /// atomic add per count that changes, once per connection event, never per packet.
    @inline(__always) func addCounts(active a: Int32 = 0, inactive i: Int32 = 0, persistent p: Int32 = 0) {
        let owner = countsOwner ?? self
        if a != 0 { owner.active.wrappingAdd(a, ordering: .relaxed) }
        if i != 0 { owner.inactive.wrappingAdd(i, ordering: .relaxed) }
        if p != 0 { owner.persistent.wrappingAdd(p, ordering: .relaxed) }
    }

    /// Active plus inactive (kernel ip_vs_dest_totalconns), what the thresholds count.
    var totalConnections: Int64 { Int64(activeConnections) + Int64(inactiveConnections) }

    /// False once deleted from its service (IP_VS_DEST_F_AVAILABLE cleared).
    @exclusivity(unchecked) public internal(set) var isAvailable = true
    public var counters = TrafficCounters()
    public var estimator = RateEstimator()
    /// The latest non-zero weight, or the weight given when added (kernel last_weight): mh keeps
    /// a quiesced server's slots in its table with it.
    @exclusivity(unchecked) public internal(set) var lastWeight: Int32

    /// Where it is in its service's list, counted from the end (which adding a server at the
    /// head does not change): names the same server in every worker's copy of the list.
    @exclusivity(unchecked) var positionFromEnd = 0

    /// The service this server was deleted from while connections still used it (it is in
    /// that service's trash); nil while it is in a service or forgotten.
    var trashedFrom: ServiceKey?

    /// A server with its own counts, or sharing `countsOwner`'s (a worker's copy of the lead's).
    public init(config: DestinationConfig, sharingCountsOf countsOwner: RealServer? = nil) {
        self.config = config
        self.countsOwner = countsOwner?.countsOwner ?? countsOwner
        lastWeight = config.weight
    }

    public var key: DestinationKey { config.key }
    public var address: InetAddress { config.key.address }
    public var port: UInt16 { config.key.port }
    public var weight: Int32 { config.weight }
    /// Kernel ip_vs_dest_conn_overhead: active connections weigh 256 times inactive ones.
    public var load: Int64 { Int64(activeConnections) * 256 + Int64(inactiveConnections) }

    /// Kernel ip_vs_dest_totalconns + threshold rules: recompute `isOverloaded` after a change.
    public func updateOverload() {
        let u = config.upperThreshold
        let l = config.lowerThreshold
        let total = Int64(activeConnections) + Int64(inactiveConnections)
        if u != 0 && total >= Int64(u) {
            isOverloaded = true
        } else if isOverloaded {
            if l != 0 {
                if total < Int64(l) { isOverloaded = false }
            } else if u != 0 {
                if total * 4 < Int64(u) * 3 { isOverloaded = false }
            } else {
                isOverloaded = false
            }
        }
    }

    public func snapshot(now: Instant) -> DestinationSnapshot {
        DestinationSnapshot(
            config: config,
            activeConnections: UInt32(clamping: activeConnections),
            inactiveConnections: UInt32(clamping: inactiveConnections),
            persistentConnections: UInt32(clamping: persistentConnections),
            counters: counters, rates: estimator.rates)
    }
}
