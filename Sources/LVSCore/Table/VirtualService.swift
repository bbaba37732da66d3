import LVSVocabulary

/// A virtual service (kernel `struct ip_vs_service`) with its real servers in kernel list
/// order and its scheduler instance.
public final class VirtualService {
    @exclusivity(unchecked) public internal(set) var config: ServiceConfig
    /// Real servers in the order the kernel keeps them (schedulers walk this order).
    /// Read on every scheduling: no dynamic exclusivity check (see RealServer).
    @exclusivity(unchecked) public internal(set) var destinations: [RealServer] = []
    public internal(set) var scheduler: any Scheduler
    public var counters = TrafficCounters()
    public var estimator = RateEstimator()
    /// `destinations` by key, so finding one costs O(1) however many the service has.
    private var byKey: [DestinationKey: RealServer] = [:]
    /// Where the table keeps this service (see `IPVSTable`'s slots).
    var slot = 0
    /// The scheduler state every worker shares for this service, when its table shares one
    /// (see `SchedulingRole`); nil: `scheduler` and the servers' own counts decide.
    @exclusivity(unchecked) public internal(set) var shared: ServiceScheduling? {
        didSet {
            if let sharedReader { oldValue?.removeReader(sharedReader) }
            sharedReader = shared?.makeReader()
        }
    }
    /// This table's reader of `shared`'s published snapshots.
    @exclusivity(unchecked) private var sharedReader: SchedulingReader?

    init(config: ServiceConfig, scheduler: any Scheduler) {
        self.config = config
        self.scheduler = scheduler
    }

    // The shared state outlives a worker's copy of the service (a worker deletes its copy
    // before the lead, or re-adds it): the copy's reader goes with it.
    deinit {
        if let sharedReader { shared?.removeReader(sharedReader) }
    }

    public var key: ServiceKey { config.key }
    public var flags: ServiceFlags { config.flags }

    public func destination(_ key: DestinationKey) -> RealServer? { byKey[key] }

    /// The server for a new connection, as this table's own copy of it. With shared scheduling
    /// (`shared`) every worker's engine asks the one shared scheduler under its lock, so picks
    /// follow one order, the kernel's, whichever worker the client reached. Between the steps
    /// of an admin batch a worker's table can lag the lead's for a moment; a pick it does not
    /// have yet is made by its own scheduler instead.
    @inline(__always)
    public func pickForNewConnection(_ request: ScheduleRequest, now: Instant) -> RealServer? {
        if let sharedReader, !sharedReader.isRetired {
            guard let picked = sharedReader.schedule(request, now: now) else { return nil }
            // Every table lists a service's servers in the same order (the same operations
            // built them), so the lead's position is this copy's, short of a batch half applied.
            let i = destinations.count - 1 - picked.positionFromEnd
            if i >= 0 && i < destinations.count && destinations[i].key == picked.key { return destinations[i] }
            if let own = byKey[picked.key] { return own }
        }
        return scheduler.schedule(in: self, request: request, now: now)
    }

    /// Links a new server at the head of the list, as the kernel does.
    func insertDestination(_ server: RealServer) {
        server.positionFromEnd = destinations.count
        destinations.insert(server, at: 0)
        byKey[server.key] = server
    }

    func removeDestination(_ key: DestinationKey) -> RealServer? {
        guard let server = byKey.removeValue(forKey: key) else { return nil }
        guard let i = destinations.firstIndex(where: { $0 === server }) else { return server }
        // Only the servers before it move closer to the end.
        for j in 0..<i { destinations[j].positionFromEnd -= 1 }
        destinations.remove(at: i)
        return server
    }

    func removeAllDestinations() {
        destinations.removeAll()
        byKey.removeAll()
    }

    public func snapshot(now: Instant) -> ServiceSnapshot {
        ServiceSnapshot(
            config: config, counters: counters, rates: estimator.rates,
            destinations: destinations.map { $0.snapshot(now: now) })
    }
}
