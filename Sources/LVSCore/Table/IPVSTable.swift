import LVSVocabulary

/// The IPVS service table: virtual services, their real servers, timeouts and sync-daemon
/// settings. Changes arrive as `AdminOperation` batches, applied all-or-nothing.
/// Not thread-safe: one owner (the daemon's control plane) mutates it.
public final class IPVSTable {
    /// Services in creation order (the kernel hashes them; ipvsadm sorts when listing).
    public private(set) var services: [VirtualService] = []
    private var byKey: [ServiceKey: VirtualService] = [:]
    public private(set) var timeouts = IPVSTimeouts()
    public private(set) var syncDaemons: [SyncDaemonConfig] = []
    /// Deleted real servers that connections still point at, by the service they belonged to.
    public private(set) var trash: [(service: ServiceKey, server: RealServer)] = []
    /// Bumped on every successful change, so readers can tell a snapshot is stale.
    public private(set) var generation: UInt64 = 0

    public init() {}

    public func service(_ key: ServiceKey) -> VirtualService? { byKey[key] }

    /// The shape of the table that validation needs: which services and servers exist.
    struct Shape {
        var services: [ServiceKey: Set<DestinationKey>]
        var daemons: Set<SyncDaemonConfig.Role>
    }

    var shape: Shape {
        Shape(
            services: Dictionary(uniqueKeysWithValues: services.map { ($0.key, Set($0.destinations.map(\.key))) }),
            daemons: Set(syncDaemons.map(\.role)))
    }

    /// A failed batch: which operation failed and why. Nothing in the batch was applied.
    public struct BatchError: Error, Hashable, Sendable, Codable {
        public var index: Int
        public var operation: AdminOperation
        public var error: IPVSError
    }

    /// Applies every operation or none: the whole batch is checked first against the table's
    /// shape, the way the kernel would check each one in turn.
    public func apply(_ operations: [AdminOperation], now: Instant) throws(BatchError) {
        var s = shape
        for (i, op) in operations.enumerated() {
            if let e = IPVSTable.check(op, against: &s) {
                throw BatchError(index: i, operation: op, error: e)
            }
        }
        for op in operations { applyChecked(op, now: now) }
        generation &+= 1
    }

    public func apply(_ operation: AdminOperation, now: Instant) throws(IPVSError) {
        do { try apply([operation], now: now) } catch { throw error.error }
    }

    /// The kernel's checks for one operation (ip_vs_ctl.c), updating `shape` as if it succeeded.
    static func check(_ op: AdminOperation, against s: inout Shape) -> IPVSError? {
        switch op {
        case .addService(let c):
            if s.services[c.key] != nil { return .eexist }
            if let e = checkServiceConfig(c) { return e }
            s.services[c.key] = []
        case .editService(let c):
            if s.services[c.key] == nil { return .esrch }
            if let e = checkServiceConfig(c) { return e }
        case .deleteService(let k):
            if s.services.removeValue(forKey: k) == nil { return .esrch }
        case .clear:
            s.services.removeAll()
        case .addDestination(let k, let d):
            guard var dests = s.services[k] else { return .esrch }
            if let e = checkDestinationConfig(d, service: k) { return e }
            if dests.contains(d.key) { return .eexist }
            dests.insert(d.key)
            s.services[k] = dests
        case .editDestination(let k, let d):
            guard let dests = s.services[k] else { return .esrch }
            if let e = checkDestinationConfig(d, service: k) { return e }
            if !dests.contains(d.key) { return .enoent }
        case .deleteDestination(let k, let dk):
            guard var dests = s.services[k] else { return .esrch }
            if dests.remove(dk) == nil { return .enoent }
            s.services[k] = dests
        case .zero(let k):
            if let k, s.services[k] == nil { return .esrch }
        case .setTimeouts:
            break
        case .startSyncDaemon(let c):
            if s.daemons.contains(c.role) { return .eexist }
            s.daemons.insert(c.role)
        case .stopSyncDaemon(let r):
            if s.daemons.remove(r) == nil { return .esrch }
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
            services.append(svc)
            byKey[c.key] = svc
            svc.scheduler.destinationsChanged(in: svc)
        case .editService(let c):
            let svc = byKey[c.key]!
            let rebind = c.scheduler != svc.config.scheduler
            svc.config = c
            // Only a new scheduler is initialised (kernel ip_vs_edit_service binds it); the same
            // scheduler keeps its state (wrr's position, lblc's cache) across other edits.
            if rebind {
                svc.scheduler = SchedulerRegistry.make(c.scheduler)!
                svc.scheduler.destinationsChanged(in: svc)
            }
        case .deleteService(let k):
            removeService(k)
        case .clear:
            for k in services.map(\.key) { removeService(k) }
        case .addDestination(let k, let d):
            let svc = byKey[k]!
            let server: RealServer
            if let i = trash.firstIndex(where: { $0.service == k && $0.server.key == d.key }) {
                server = trash.remove(at: i).server  // revived with its counters, as the kernel does
                server.isAvailable = true
            } else {
                server = RealServer(config: d)
            }
            update(server, with: d, adding: true)
            // The kernel links new servers at the head of the service's list.
            svc.destinations.insert(server, at: 0)
            svc.scheduler.destinationsChanged(in: svc)
        case .editDestination(let k, let d):
            let svc = byKey[k]!
            update(svc.destination(d.key)!, with: d, adding: false)
            svc.scheduler.destinationsChanged(in: svc)
        case .deleteDestination(let k, let dk):
            let svc = byKey[k]!
            let i = svc.destinations.firstIndex { $0.key == dk }!
            let server = svc.destinations.remove(at: i)
            retire(server, from: k)
            svc.scheduler.destinationsChanged(in: svc)
        case .zero(let k):
            for svc in services where k == nil || svc.key == k {
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
        services.removeAll { $0 === svc }
        for d in svc.destinations { retire(d, from: k) }
        svc.destinations.removeAll()
    }

    /// A deleted server goes to the trash while connections still count on it.
    private func retire(_ server: RealServer, from k: ServiceKey) {
        server.isAvailable = false
        if server.activeConnections + server.inactiveConnections + server.persistentConnections > 0 {
            trash.append((k, server))
        }
    }

    /// Drops trashed servers no connection refers to any more (kernel ip_vs_dest_trash_expire).
    public func purgeTrash() {
        trash.removeAll {
            $0.server.activeConnections + $0.server.inactiveConnections + $0.server.persistentConnections <= 0
        }
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
