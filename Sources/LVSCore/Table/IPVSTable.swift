import LVSVocabulary

/// The IPVS service table: virtual services, their real servers, timeouts and sync-daemon
/// settings. Changes arrive as `AdminOperation` batches, applied all-or-nothing.
/// Not thread-safe: one owner (the daemon's control plane) mutates it.
public final class IPVSTable {
    /// Services in creation order (the kernel hashes them; ipvsadm sorts when listing).
    public var services: [VirtualService] { slots.compactMap { $0 } }
    /// How many services there are.
    public var serviceCount: Int { byKey.count }
    /// Services by creation, with a hole (nil) where one was deleted, so deleting one costs
    /// O(1); the holes are squeezed out once they are half the array.
    private var slots: [VirtualService?] = []
    private var holes = 0
    private var byKey: [ServiceKey: VirtualService] = [:]
    public private(set) var timeouts = IPVSTimeouts()
    public private(set) var syncDaemons: [SyncDaemonConfig] = []
    /// Deleted real servers that connections still point at, by the service they belonged to.
    public var trash: [(service: ServiceKey, server: RealServer)] {
        trashed.flatMap { entry in entry.value.values.map { (entry.key, $0) } }
    }
    private var trashed: [ServiceKey: [DestinationKey: RealServer]] = [:]
    private var trashedCount = 0
    /// Bumped on every successful change, so readers can tell a snapshot is stale.
    public private(set) var generation: UInt64 = 0

    /// Whether the services' scheduler state is this table's own or shared (see `SchedulingRole`).
    public private(set) var schedulingRole = SchedulingRole.alone

    public init() {}

    public init(scheduling role: SchedulingRole) {
        schedulingRole = role
    }

    /// Shares scheduling as `role` from now on, for the services added from now on: the ones
    /// already here keep their own scheduler and counts (a table joins while it is empty).
    public func share(_ role: SchedulingRole) {
        schedulingRole = role
    }

    private var sharesScheduling: Bool {
        if case .alone = schedulingRole { return false }
        return true
    }

    /// The lead deletes a service: workers stop scheduling with its shared state.
    private func retireShared(_ svc: VirtualService) {
        guard case .leads(let domain) = schedulingRole, let shared = svc.shared else { return }
        shared.retire()
        domain.unregister(svc.key)
    }

    /// Runs `change` to `svc` under its shared lock when this table leads (workers may be
    /// scheduling on it); a follower's or a lone table's services are its own.
    private func changing(_ svc: VirtualService, _ change: () -> Void) {
        if case .leads = schedulingRole, let shared = svc.shared {
            shared.change(change)
        } else {
            change()
        }
    }

    public func service(_ key: ServiceKey) -> VirtualService? { byKey[key] }

    /// A failed batch: which operation failed and why. Nothing in the batch was applied.
    public struct BatchError: Error, Hashable, Sendable, Codable {
        public var index: Int
        public var operation: AdminOperation
        public var error: IPVSError
    }

    /// Applies every operation or none: the whole batch is checked first against the table's
    /// shape, the way the kernel would check each one in turn.
    public func apply(_ operations: some Collection<AdminOperation>, now: Instant) throws(BatchError) {
        var s = BatchShape(self)
        for (i, op) in operations.enumerated() {
            if let e = IPVSTable.check(op, against: &s) {
                throw BatchError(index: i, operation: op, error: e)
            }
        }
        for op in operations { applyChecked(op, now: now) }
        if trashedCount > 0 && sharesScheduling { sweepTrash() }
        generation &+= 1
    }

    public func apply(_ operation: AdminOperation, now: Instant) throws(IPVSError) {
        do { try apply([operation], now: now) } catch { throw error.error }
    }

    /// The kernel's checks for one operation (ip_vs_ctl.c), updating `s` as if it succeeded.
    static func check(_ op: AdminOperation, against s: inout BatchShape) -> IPVSError? {
        switch op {
        case .addService(let c):
            if s.hasService(c.key) { return .eexist }
            if let e = checkServiceConfig(c) { return e }
            s.addService(c.key)
        case .editService(let c):
            if !s.hasService(c.key) { return .esrch }
            if let e = checkServiceConfig(c) { return e }
        case .deleteService(let k):
            if !s.hasService(k) { return .esrch }
            s.deleteService(k)
        case .clear:
            s.clear()
        case .addDestination(let k, let d):
            guard s.hasService(k) else { return .esrch }
            if let e = checkDestinationConfig(d, service: k) { return e }
            if s.hasDestination(d.key, in: k) { return .eexist }
            s.setDestination(d.key, in: k, present: true)
        case .editDestination(let k, let d):
            guard s.hasService(k) else { return .esrch }
            if let e = checkDestinationConfig(d, service: k) { return e }
            if !s.hasDestination(d.key, in: k) { return .enoent }
        case .deleteDestination(let k, let dk):
            guard s.hasService(k) else { return .esrch }
            if !s.hasDestination(dk, in: k) { return .enoent }
            s.setDestination(dk, in: k, present: false)
        case .zero(let k):
            if let k, !s.hasService(k) { return .esrch }
        case .setTimeouts:
            break
        case .startSyncDaemon(let c):
            if !s.insertDaemon(c.role) { return .eexist }
        case .stopSyncDaemon(let r):
            if !s.removeDaemon(r) { return .esrch }
        }
        return nil
    }

    static func checkServiceConfig(_ c: ServiceConfig) -> IPVSError? {
        if SchedulerRegistry.type(named: c.scheduler) == nil { return .enoent }
        if !c.persistenceEngine.isEmpty && c.persistenceEngine != "sip" { return .enoent }
        let maxPrefix = c.key.family == .inet ? 32 : 128
        if c.netmaskPrefix < 1 || c.netmaskPrefix > maxPrefix { return .einval }
        return nil
    }

    static func checkDestinationConfig(_ d: DestinationConfig, service: ServiceKey) -> IPVSError? {
        if d.weight < 0 { return .einval }
        if d.lowerThreshold > d.upperThreshold { return .erange }
        if d.forward == .tunnel && d.tunnelType == .gue && d.tunnelPort == 0 { return .einval }
        // Only tunnelled servers may be of another address family than their service.
        if d.key.address.family != service.family && d.forward != .tunnel { return .einval }
        return nil
    }

    private func applyChecked(_ op: AdminOperation, now: Instant) {
        switch op {
        case .addService(let c):
            let svc = VirtualService(config: c, scheduler: SchedulerRegistry.make(c.scheduler)!)
            svc.slot = slots.count
            slots.append(svc)
            byKey[c.key] = svc
            svc.scheduler.destinationsChanged(in: svc)
            switch schedulingRole {
            case .alone: break
            case .leads(let domain):
                let shared = ServiceScheduling(service: svc)
                svc.shared = shared
                domain.register(shared, for: c.key)
            case .follows(let domain):
                svc.shared = domain.scheduling(for: c.key)
            }
        case .editService(let c):
            let svc = byKey[c.key]!
            changing(svc) {
                let rebind = c.scheduler != svc.config.scheduler
                svc.config = c
                // Only a new scheduler is initialised (kernel ip_vs_edit_service binds it); the
                // same scheduler keeps its state (wrr's position, lblc's cache) across other edits.
                if rebind {
                    svc.scheduler = SchedulerRegistry.make(c.scheduler)!
                    svc.scheduler.destinationsChanged(in: svc)
                }
            }
        case .deleteService(let k):
            removeService(k)
        case .clear:
            for case let svc? in slots {
                retireShared(svc)
                changing(svc) { retireDestinations(of: svc) }
            }
            slots.removeAll()
            holes = 0
            byKey.removeAll()
        case .addDestination(let k, let d):
            let svc = byKey[k]!
            // A worker's copy counts in the lead's counts (one set of counts per server, as the
            // kernel's).
            var lead: RealServer?
            if case .follows = schedulingRole { lead = svc.shared?.leadServer(d.key) }
            let server: RealServer
            if let revived = trashed[k]?.removeValue(forKey: d.key) {
                trashedCount -= 1
                if trashed[k]?.isEmpty == true { trashed[k] = nil }
                if let lead, !revived.sharesCounts(with: lead) {
                    // The lead forgot it (no connection counted on it any more): so does this copy.
                    server = RealServer(config: d, sharingCountsOf: lead)
                } else {
                    // Revived with its counters, as the kernel does.
                    server = revived
                    server.trashedFrom = nil
                    server.isAvailable = true
                }
            } else {
                server = RealServer(config: d, sharingCountsOf: lead)
            }
            changing(svc) {
                update(server, with: d, adding: true)
                // The kernel links new servers at the head of the service's list.
                svc.insertDestination(server)
                svc.scheduler.destinationsChanged(in: svc)
            }
        case .editDestination(let k, let d):
            let svc = byKey[k]!
            changing(svc) {
                update(svc.destination(d.key)!, with: d, adding: false)
                svc.scheduler.destinationsChanged(in: svc)
            }
        case .deleteDestination(let k, let dk):
            let svc = byKey[k]!
            changing(svc) {
                let server = svc.removeDestination(dk)!
                retire(server, from: k)
                svc.scheduler.destinationsChanged(in: svc)
            }
        case .zero(let k):
            let zeroed: [VirtualService] = k.map { byKey[$0].map { [$0] } ?? [] } ?? services
            for svc in zeroed {
                svc.counters = TrafficCounters()
                svc.estimator = RateEstimator()
                for d in svc.destinations {
                    d.counters = TrafficCounters()
                    d.estimator = RateEstimator()
                }
            }
        case .setTimeouts(let t):
            if t.tcp != 0 { timeouts.tcp = t.tcp }
            if t.tcpFin != 0 { timeouts.tcpFin = t.tcpFin }
            if t.udp != 0 { timeouts.udp = t.udp }
        case .startSyncDaemon(let c):
            syncDaemons.append(c)
        case .stopSyncDaemon(let r):
            syncDaemons.removeAll { $0.role == r }
        }
    }

    /// Kernel __ip_vs_update_dest: new settings; a raised or removed upper threshold clears overload.
    private func update(_ server: RealServer, with d: DestinationConfig, adding: Bool) {
        if adding || d.weight != 0 { server.lastWeight = d.weight }
        let oldUpper = server.config.upperThreshold
        server.config = d
        if d.upperThreshold == 0 || d.upperThreshold > oldUpper { server.isOverloaded = false }
    }

    private func removeService(_ k: ServiceKey) {
        guard let svc = byKey.removeValue(forKey: k) else { return }
        slots[svc.slot] = nil
        holes += 1
        retireShared(svc)
        changing(svc) { retireDestinations(of: svc) }
        if holes > 64 && holes * 2 > slots.count { squeezeHoles() }
    }

    /// Drops the holes deleted services left, keeping creation order.
    private func squeezeHoles() {
        slots = slots.filter { $0 != nil }
        for (i, svc) in slots.enumerated() { svc?.slot = i }
        holes = 0
    }

    private func retireDestinations(of svc: VirtualService) {
        for d in svc.destinations { retire(d, from: svc.key) }
        svc.removeAllDestinations()
    }

    /// A deleted server goes to the trash while connections still count on it.
    private func retire(_ server: RealServer, from k: ServiceKey) {
        server.isAvailable = false
        if server.activeConnections + server.inactiveConnections + server.persistentConnections > 0 {
            server.trashedFrom = k
            if trashed[k, default: [:]].updateValue(server, forKey: server.key) == nil { trashedCount += 1 }
        }
    }

    /// Drops a trashed server once no connection refers to it any more (kernel
    /// ip_vs_dest_trash_expire), in O(1): the last connection letting go of it calls this.
    public func purgeTrash(_ server: RealServer) {
        guard let k = server.trashedFrom,
            server.activeConnections + server.inactiveConnections + server.persistentConnections <= 0
        else { return }
        server.trashedFrom = nil
        guard trashed[k]?[server.key] === server else { return }
        trashed[k]?[server.key] = nil
        if trashed[k]?.isEmpty == true { trashed[k] = nil }
        trashedCount -= 1
    }

    /// Forgets every trashed server no connection counts on any more. With shared counts the
    /// last connection may end on another worker's engine (or none: the lead table has no
    /// connections), so the trash is swept on each change instead.
    private func sweepTrash() {
        for servers in trashed.values {
            for server in servers.values
            where server.activeConnections + server.inactiveConnections + server.persistentConnections <= 0 {
                purgeTrash(server)
            }
        }
    }

    /// Snapshots of at most `limit` services in creation order from slot `start` on, and the
    /// slot to go on from (nil: the end); see `KernelServiceOrder.sorted` for the listing order.
    public func serviceSnapshots(from start: Int, limit: Int, now: Instant) -> ([ServiceSnapshot], Int?) {
        var rows: [ServiceSnapshot] = []
        var i = max(0, start)
        while i < slots.count {
            if rows.count == limit { return (rows, i) }
            if let svc = slots[i] { rows.append(svc.snapshot(now: now)) }
            i += 1
        }
        return (rows, nil)
    }

    public func snapshot(
        now: Instant, connections: [ConnectionSnapshot] = [],
        connectionTableSize: UInt32 = 4096
    ) -> TableSnapshot {
        TableSnapshot(
            connectionTableSize: connectionTableSize,
            services: KernelServiceOrder.sorted(services).map { $0.snapshot(now: now) },
            timeouts: timeouts, syncDaemons: syncDaemons, connections: connections)
    }
}
