import LVSVocabulary

extension IPVSEngine {
    /// Applies admin operations to the service table (all or nothing) and their effects on
    /// connections: with expire_nodest_conn, connections to deleted servers are flushed at once
    /// (the kernel queues the same flush right after the deletion).
    public func apply(_ operations: [AdminOperation], now: Instant) throws(IPVSTable.BatchError) {
        try table.apply(operations, now: now)
        refreshTimeouts()
        isSyncMaster = table.syncDaemons.contains { $0.role == .master }
        if isSyncMaster { syncOutbox.prepare() }
        var removes = false
        for op in operations {
            switch op {
            case .deleteDestination, .deleteService, .clear: removes = true
            case .zero(nil):
                totalCounters = TrafficCounters()
                totalEstimator = RateEstimator()
            default: break
            }
        }
        if removes && sysctls.expireNodestConn { flushUnavailable(now: now.milliseconds) }
    }

    /// Applies operations of a batch the control plane has already checked against the same
    /// table, from `start` on, one at a time while `more()` allows (at least one); returns where
    /// it stopped. A large batch then reaches a packet worker in short steps with packets
    /// between them, instead of stopping the worker for the whole batch.
    public func applyStep(
        _ operations: [AdminOperation], from start: Int, now: Instant, while more: () -> Bool
    ) throws(IPVSTable.BatchError) -> Int {
        var i = start
        var removes = false
        var zeroTotals = false
        repeat {
            let op = operations[i]
            do throws(IPVSTable.BatchError) {
                try table.apply(CollectionOfOne(op), now: now)
            } catch {
                throw IPVSTable.BatchError(index: i, operation: op, error: error.error)
            }
            switch op {
            case .deleteDestination, .deleteService, .clear: removes = true
            case .zero(nil): zeroTotals = true
            default: break
            }
            i += 1
        } while i < operations.count && more()
        refreshTimeouts()
        isSyncMaster = table.syncDaemons.contains { $0.role == .master }
        if isSyncMaster { syncOutbox.prepare() }
        if zeroTotals {
            totalCounters = TrafficCounters()
            totalEstimator = RateEstimator()
        }
        if removes && sysctls.expireNodestConn { flushUnavailable(now: now.milliseconds) }
        return i
    }

    /// Connection rows for `ipvsadm -L -c` among at most `slots` table slots from `start` on,
    /// and where to go on from (nil: the end).
    public func connectionRows(fromSlot start: Int, slots: Int, now: Instant) -> ([ConnectionSnapshot], Int?) {
        var rows: [ConnectionSnapshot] = []
        rows.reserveCapacity(min(slots, connections.count))
        let next = connections.forEachLive(fromSlot: start, slots: slots) { _, e in
            rows.append(Self.row(e, now: now.milliseconds))
        }
        return (rows, next)
    }

    public func apply(_ operation: AdminOperation, now: Instant) throws(IPVSError) {
        do { try apply([operation], now: now) } catch { throw error.error }
    }

    /// Kernel ip_vs_expire_nodest_conn_flush: every connection to a server that left its
    /// service goes now, and its template with it once nothing else uses the template.
    func flushUnavailable(now: Int64) {
        var victims: [Int32] = []
        connections.forEach { id, e in
            if e.controlCount == 0, let d = registry.server(e.destination), !d.isAvailable {
                victims.append(id)
            }
        }
        for id in victims where connections.contains(id) {
            let control = connections[id].control
            delete(id, now: now)
            if connections.contains(control) && connections[control].controlCount == 0 {
                delete(control, now: now)
            }
        }
    }

    /// Timer work: expires due connections and templates, and runs the rate estimator every
    /// 2 seconds. Call it often (every 100 ms-1 s); a late call catches up.
    public func tick(now: Instant) {
        let ms = now.milliseconds
        dueScratch.removeAll(keepingCapacity: true)
        connections.collectDue(now: ms, into: &dueScratch)
        // Connections before templates, so a template due at the same time as the last
        // connection it controls goes at once instead of waiting another minute.
        for id in dueScratch where connections.contains(id) && !connections[id].isTemplate {
            expire(id, now: ms, dropControlChain: false)
        }
        for id in dueScratch where connections.contains(id) && connections[id].isTemplate {
            expire(id, now: ms, dropControlChain: false)
        }
        runDefenceTimer(now: ms)

        guard var next = nextEstimation else {
            nextEstimation = ms &+ Self.estimationInterval
            return
        }
        var steps = 0
        while ms >= next && steps < 8 {
            estimate()
            next &+= Self.estimationInterval
            steps += 1
        }
        nextEstimation = ms >= next ? ms &+ Self.estimationInterval : next
    }

    public static let estimationInterval: Int64 = 2000

    private func estimate() {
        for svc in table.services {
            svc.estimator.estimate(svc.counters)
            for d in svc.destinations { d.estimator.estimate(d.counters) }
        }
        totalEstimator.estimate(totalCounters)
    }

    /// What `ipvsadm -L` (and `-c`) shows, connections in table order.
    public func snapshot(now: Instant, includeConnections: Bool) -> TableSnapshot {
        var rows: [ConnectionSnapshot] = []
        if includeConnections {
            rows.reserveCapacity(connections.count)
            connections.forEach { _, e in rows.append(Self.row(e, now: now.milliseconds)) }
        }
        return table.snapshot(now: now, connections: rows, connectionTableSize: Self.connectionTableSizeShown)
    }

    static func row(_ e: ConnectionEntry, now: Int64) -> ConnectionSnapshot {
        let state: String
        if e.isTemplate {
            state = e.flags.contains(.assured) ? "ASSURED" : "NONE"
        } else if e.proto == IPProtocolNumber.tcp {
            state = e.tcpState.name
        } else if e.proto == IPProtocolNumber.udp {
            state = "UDP"
        } else {
            state = "NONE"
        }
        return ConnectionSnapshot(
            proto: TransportProtocol(rawValue: e.proto), clientAddress: e.clientAddress,
            clientPort: e.clientPort, virtualAddress: e.virtualAddress, virtualPort: e.virtualPort,
            destinationAddress: e.destinationAddress, destinationPort: e.destinationPort,
            stateName: state, expiresInMilliseconds: max(0, e.expires &- now),
            isTemplate: e.isTemplate, fwmark: e.fwmark)
    }
}
