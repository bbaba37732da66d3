import LVSCore
import Synchronization

/// Serves control requests against an `IPVSTable`, one request at a time.
/// The clock is injected so tests can drive time.
public final class TableControlService: ControlService {
    private let table: Mutex<IPVSTable>
    private let clock: @Sendable () -> Instant

    public init(table: sending IPVSTable = IPVSTable(), clock: @escaping @Sendable () -> Instant) {
        self.table = Mutex(table)
        self.clock = clock
    }

    public func handle(_ request: ControlRequest) -> ControlResponse {
        let now = clock()
        return table.withLock { table in
            switch request {
            case .apply(let ops):
                do throws(IPVSTable.BatchError) {
                    try table.apply(ops, now: now)
                    return .applied
                } catch {
                    return .rejected(error)
                }
            case .snapshot:
                return .snapshot(table.snapshot(now: now))
            }
        }
    }
}
