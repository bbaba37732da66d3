import LVSControl
import LVSCore
import LVSVocabulary
import Synchronization

/// The control socket's service over the data-plane workers' engines (shared nothing: one
/// engine per worker, like per-CPU state). Admin operations are validated by the first engine
/// and then applied to every one, as jobs on the workers' own threads (`WorkerSlot.perform`),
/// so all hold the same table; reads merge the engines' views.
///
/// Scheduler state (rr's position, wrr's current weight...) is per worker too, as it would be
/// per CPU: strict alternation holds per worker, which the fanout's steering by client
/// address turns into "per client".
public final class WorkerControlService: ControlService {
    public let slots: [WorkerSlot]
    private let clock: @Sendable () -> Instant
    private let hooks: ControlHooks
    /// Serialises admin batches, so two clients' batches reach every engine in the same order.
    let adminLock = Mutex(())

    public init(slots: [WorkerSlot], clock: @escaping @Sendable () -> Instant, hooks: ControlHooks = ControlHooks()) {
        precondition(!slots.isEmpty, "a director has at least one worker")
        self.slots = slots
        self.clock = clock
        self.hooks = hooks
    }

    public func handle(_ request: ControlRequest) -> ControlResponse {
        switch request {
        case .apply(let ops):
            let outcome: Result<TableSnapshot, IPVSTable.BatchError> = adminLock.withLock { _ in
                let now = clock()
                let first: Result<TableSnapshot, IPVSTable.BatchError> = slots[0].perform { s in
                    s.engine.tick(now: now)
                    do throws(IPVSTable.BatchError) {
                        try s.engine.apply(ops, now: now)
                    } catch {
                        return .failure(error)
                    }
                    return .success(s.engine.snapshot(now: now, includeConnections: false))
                }
                guard case .success = first else { return first }
                for (index, slot) in slots.enumerated().dropFirst() {
                    slot.perform { s in
                        s.engine.tick(now: now)
                        do throws(IPVSTable.BatchError) {
                            try s.engine.apply(ops, now: now)
                        } catch {
                            // The same batch on the same table cannot fail where the first passed;
                            // if it does, the workers' tables differ and would forward by two tables.
                            preconditionFailure("worker \(index) refused a batch worker 0 applied: \(error)")
                        }
                    }
                }
                return first
            }
            switch outcome {
            case .success(let table):
                hooks.tableChanged(table)
                return .applied
            case .failure(let error):
                return .rejected(error)
            }
        case .snapshot(let withConnections):
            return .snapshot(snapshot(includeConnections: withConnections))
        case .setOwnership(let ownership):
            adminLock.withLock { _ in hooks.ownershipChanged(ownership) }
            return .applied
        case .announce(let addresses):
            hooks.announce(addresses)
            return .applied
        case .syncStatus:
            return .syncStatus(hooks.syncStatus() ?? SyncDaemonStatus())
        case .sysctls(let changes):
            return handleSysctls(changes)
        }
    }

    public func snapshot(includeConnections: Bool) -> TableSnapshot {
        let now = clock()
        let parts = slots.map { slot in
            slot.perform { s in
                s.engine.tick(now: now)
                return s.engine.snapshot(now: now, includeConnections: includeConnections)
            }
        }
        return TableSnapshotMerge.merge(parts)
    }

    /// Every worker's frame counters, summed.
    public func counters() -> DataPlaneCounters {
        var total = DataPlaneCounters()
        for slot in slots { total += slot.counters() }
        return total
    }
}
