import LVSVocabulary

/// A real server (kernel `struct ip_vs_dest`): its configuration and the live counters the
/// schedulers read. Owned by one `VirtualService`; stays alive while connections point at it
/// even after it is deleted (the kernel's trash list).
///
/// The fields schedulers read per packet skip Swift's dynamic exclusivity checks: a server is
/// mutated only by its table's single owner, and each check costs as much as the whole read.
public final class RealServer {
    @exclusivity(unchecked) public internal(set) var config: DestinationConfig
    /// The connection counts and overload flag, shared by every worker's copy of this server
    /// (see `DestinationCounts`); a server of a table that shares no scheduling has its own.
    /// A constant, so reading it per server in a scan costs no retain/release.
    public let counts: DestinationCounts
    /// Connections in ESTABLISHED (kernel activeconns).
    public var activeConnections: Int32 {
        get { counts.active.load(ordering: .relaxed) }
        set { counts.active.store(newValue, ordering: .relaxed) }
    }
    /// Other non-template connections (kernel inactconns).
    public var inactiveConnections: Int32 {
        get { counts.inactive.load(ordering: .relaxed) }
        set { counts.inactive.store(newValue, ordering: .relaxed) }
    }
    /// Persistence templates pointing here (kernel persistconns).
    public var persistentConnections: Int32 {
        get { counts.persistent.load(ordering: .relaxed) }
        set { counts.persistent.store(newValue, ordering: .relaxed) }
    }
    /// Set when active+inactive reaches the upper threshold (IP_VS_DEST_F_OVERLOAD).
    public var isOverloaded: Bool {
        get { counts.overloaded.load(ordering: .relaxed) }
        set { counts.overloaded.store(newValue, ordering: .relaxed) }
    }
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

    public init(config: DestinationConfig, counts: DestinationCounts = DestinationCounts()) {
        self.config = config
        self.counts = counts
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
