import LVSControl
import LVSCore
import LVSVocabulary
import Synchronization

/// The control socket's service over the data-plane workers' engines: one engine per worker
/// (its connection table and traffic counters, like per-CPU state), and one scheduler state per
/// service that all of them share, as the kernel's CPUs share one `ip_vs_service`.
///
/// A batch is checked against the control plane's own copy of the service table (`shadow`),
/// never on a packet worker, and then reaches every worker in steps of at most
/// `stepBudget` of work each (`WorkerSlot.perform`), so a worker goes on with its packets
/// between the steps of a batch of any size: a `-C` of 100,000 services or an `-R` of
/// 30,000 deletions stops no worker for more than a fraction of a millisecond at a time. A
/// listing is read the same way, in pieces. Between steps a worker holds part of a batch the
/// shadow has already accepted whole, which is what the kernel's packets see of an `ipvsadm -R`
/// too (it applies line by line).
///
/// The shadow leads the shared scheduling (`SchedulingRole.leads`): each of its services holds
/// the scheduler every worker asks, under a lock taken only to schedule a new connection, and
/// its real servers' connection counts are the ones every worker's copy counts in (atomically).
/// So rr, wrr, lc, wlc... pick in the kernel's order whichever worker a client reaches, and
/// `ipvsadm -L` shows the shared counts.
public final class WorkerControlService: ControlService {
    public let slots: [WorkerSlot]
    private let clock: @Sendable () -> Instant
    private let hooks: ControlHooks
    /// The table as the control plane knows it: batches are checked against it, and the hooks
    /// read it. Its lock also serialises admin batches, so two clients' batches reach every
    /// engine in the same order.
    let shadow: Mutex<IPVSTable>
    /// The services' shared scheduler states, led by the shadow and followed by every worker.
    public let scheduling: SchedulingDomain

    /// How long one step of a batch or a listing may hold a worker.
    static let stepBudget: Duration = .microseconds(300)
    /// Services per listing step (a service snapshot costs about a microsecond per real server).
    static let servicesPerStep = 256
    /// Services per streamed piece of a listing.
    static let servicesPerPiece = 1024
    /// Connection table slots per listing step (at most that many rows per streamed piece).
    static let connectionsPerStep = 4096

    public init(slots: [WorkerSlot], clock: @escaping @Sendable () -> Instant, hooks: ControlHooks = ControlHooks()) {
        precondition(!slots.isEmpty, "a director has at least one worker")
        self.slots = slots
        self.clock = clock
        self.hooks = hooks
        let domain = SchedulingDomain()
        scheduling = domain
        shadow = Mutex(IPVSTable(scheduling: .leads(domain)))
        for slot in slots { slot.perform { $0.engine.table.share(.follows(domain)) } }
    }

    public func handle(_ request: ControlRequest) -> ControlResponse {
        var answers = ControlAnswerGatherer()
        stream(request) { response in
            answers.add(response)
            return true
        }
        return answers.answer
    }

    public func stream(_ request: ControlRequest, to respond: (ControlResponse) -> Bool) {
        switch request {
        case .apply(let ops):
            _ = respond(apply(ops))
        case .applyPart:
            // Parts are gathered by the connection, which sends the whole batch as `.apply`.
            _ = respond(.failure("a part of a batch outside a control connection"))
        case .snapshot(let withConnections):
            var table = services()
            // The services go in pieces too, so no answer line grows with the table.
            let all = table.services
            table.services = Array(all.prefix(Self.servicesPerPiece))
            var sent = table.services.count
            if !withConnections && sent == all.count {
                _ = respond(.snapshot(table))
                return
            }
            guard respond(.part(table)) else { return }
            while sent < all.count {
                let piece = TableSnapshot(services: Array(all[sent..<min(all.count, sent + Self.servicesPerPiece)]))
                sent += piece.services.count
                if !withConnections && sent == all.count {
                    _ = respond(.snapshot(piece))
                    return
                }
                guard respond(.part(piece)) else { return }
            }
            streamConnections(respond)
        case .setOwnership(let ownership):
            shadow.withLock { _ in hooks.ownershipChanged(ownership) }
            _ = respond(.applied)
        case .announce(let addresses):
            hooks.announce(addresses)
            _ = respond(.applied)
        case .syncStatus:
            _ = respond(.syncStatus(hooks.syncStatus() ?? SyncDaemonStatus()))
        case .sysctls(let changes):
            _ = respond(handleSysctls(changes))
        case .dropCounts:
            _ = respond(.dropCounts(counters().dropsByLabel))
        case .drain:
            // The daemon owns the process's lifetime and serves it before the table does.
            _ = respond(.failure("drain is served by the lvs director daemon, not by a table"))
        }
    }

    private func apply(_ ops: [AdminOperation]) -> ControlResponse {
        let outcome: Result<TableSnapshot, IPVSTable.BatchError> = shadow.withLock { table in
            let now = clock()
            // `-C` becomes one deletion per service, so it too reaches the workers in steps.
            let steps = Self.expandingClear(ops, in: table)
            do throws(IPVSTable.BatchError) {
                try table.apply(ops, now: now)
            } catch {
                return .failure(error)
            }
            for (index, slot) in slots.enumerated() {
                var next = 0
                while next < steps.count {
                    let from = next
                    next = slot.perform { s in
                        let deadline = ContinuousClock.now + Self.stepBudget
                        s.engine.tick(now: now)
                        do throws(IPVSTable.BatchError) {
                            return try s.engine.applyStep(steps, from: from, now: now) {
                                ContinuousClock.now < deadline
                            }
                        } catch {
                            // The shadow accepted the batch on the same table; if a worker does
                            // not, the tables differ and would forward by two tables.
                            preconditionFailure("worker \(index) refused a batch the control plane applied: \(error)")
                        }
                    }
                }
            }
            return .success(table.snapshot(now: now))
        }
        switch outcome {
        case .success(let table):
            hooks.tableChanged(table)
            return .applied
        case .failure(let error):
            return .rejected(error)
        }
    }

    /// `ops` with every `.clear` replaced by deleting the services there are at that point.
    static func expandingClear(_ ops: [AdminOperation], in table: IPVSTable) -> [AdminOperation] {
        guard ops.contains(where: { $0 == .clear }) else { return ops }
        var present = Set(table.services.map(\.key))
        var order = table.services.map(\.key)
        var steps: [AdminOperation] = []
        steps.reserveCapacity(ops.count + present.count)
        for op in ops {
            switch op {
            case .clear:
                steps += order.lazy.filter { present.contains($0) }.map { .deleteService($0) }
                present.removeAll()
                order.removeAll()
                continue
            case .addService(let c):
                if present.insert(c.key).inserted { order.append(c.key) }
            case .deleteService(let k):
                present.remove(k)
            default:
                break
            }
            steps.append(op)
        }
        return steps
    }

    /// The services with every worker's traffic counters added up (connection counts are
    /// shared, so any worker's are all of them), read a few hundred services at a
    /// time from each worker; the table cannot change meanwhile (the shadow's lock is held).
    private func services() -> TableSnapshot {
        shadow.withLock { table in
            let now = clock()
            var merged: [ServiceSnapshot] = []
            merged.reserveCapacity(table.serviceCount)
            var cursor: Int? = 0
            while let from = cursor {
                var next: Int?
                let parts = slots.map { slot in
                    slot.perform { s in
                        if from == 0 {
                            s.offloader?.sweepNow(engine: s.engine, now: now)
                            s.engine.tick(now: now)
                        }
                        let (rows, after) = s.engine.table.serviceSnapshots(
                            from: from, limit: Self.servicesPerStep, now: now)
                        return (TableSnapshot(services: rows), after)
                    }
                }
                next = parts[0].1
                merged += TableSnapshotMerge.merge(parts.map(\.0)).services
                cursor = next
            }
            return TableSnapshot(
                connectionTableSize: IPVSEngine.connectionTableSizeShown,
                services: KernelServiceOrder.sorted(merged), timeouts: table.timeouts,
                syncDaemons: table.syncDaemons)
        }
    }

    /// Every worker's connections, a few thousand rows at a time, each piece sent before the
    /// next is read; ends with an empty final `.snapshot`.
    private func streamConnections(_ respond: (ControlResponse) -> Bool) {
        let finished = walkTables { s, from, now in
            s.engine.connectionRows(fromSlot: from, slots: Self.connectionsPerStep, now: now)
        } take: { rows in
            rows.isEmpty || respond(.part(TableSnapshot(connections: rows)))
        }
        if finished { _ = respond(.snapshot(TableSnapshot())) }
    }

    /// Walks every worker's table in steps of `connectionsPerStep` slots, each in the worker's
    /// time between its packets, the first after merging what XDP forwarded so that what is
    /// read is exact. `step` reads one step from a slot and returns the slot to go on from;
    /// `take` gets each step's result and returns false to stop. Returns false if it stopped.
    private func walkTables<R>(
        _ step: (WorkerState, _ fromSlot: Int, _ now: Instant) -> (R, Int?), take: (R) -> Bool
    ) -> Bool {
        for slot in slots {
            var cursor: Int? = 0
            while let from = cursor {
                let now = clock()
                let (result, next) = slot.perform { s in
                    if from == 0 { s.offloader?.sweepNow(engine: s.engine, now: now) }
                    return step(s, from, now)
                }
                cursor = next
                if !take(result) { return false }
            }
        }
        return true
    }

    /// The connections a drain still waits for (`DrainProgress.isLive`): each worker counts its
    /// own table (after merging what XDP forwarded), in the steps a listing takes, without
    /// making a row of each connection as `-L -c` must.
    public func liveConnectionCount(idleMilliseconds: Int64 = DrainProgress.idleMilliseconds) -> Int {
        var total = 0
        _ = walkTables { s, from, now in
            let established = DrainProgress.establishedTimeout(s.engine.table.timeouts)
            var live = 0
            let next = s.engine.connections.forEachLive(fromSlot: from, slots: Self.connectionsPerStep) { _, e in
                if DrainProgress.isLive(
                    e, now: now.milliseconds, establishedTimeout: established, idleMilliseconds: idleMilliseconds)
                {
                    live += 1
                }
            }
            return (live, next)
        } take: { live in
            total += live
            return true
        }
        return total
    }

    public func snapshot(includeConnections: Bool) -> TableSnapshot {
        guard case .snapshot(let table) = handle(.snapshot(includeConnections: includeConnections)) else {
            return TableSnapshot()
        }
        return table
    }

    /// Every worker's frame counters, summed.
    public func counters() -> DataPlaneCounters {
        var total = DataPlaneCounters()
        for slot in slots { total += slot.counters() }
        return total
    }
}
