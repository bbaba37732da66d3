import LVSCore
import LVSVocabulary
import Synchronization

/// Serves control requests against an `IPVSEngine` (table + connections), one at a time.
/// The lock is the control plane's; the clock is injected so tests can drive time.
public final class EngineControlService: ControlService {
    private let engine: Mutex<IPVSEngine>
    private let clock: @Sendable () -> Instant

    public init(engine: sending IPVSEngine = IPVSEngine(), clock: @escaping @Sendable () -> Instant) {
        self.engine = Mutex(engine)
        self.clock = clock
    }

    public func handle(_ request: ControlRequest) -> ControlResponse {
        let now = clock()
        return engine.withLock { engine in
            engine.tick(now: now)
            switch request {
            case .apply(let ops):
                do throws(IPVSTable.BatchError) {
                    try engine.apply(ops, now: now)
                    return .applied
                } catch {
                    return .rejected(error)
                }
            case .snapshot(let withConnections):
                return .snapshot(engine.snapshot(now: now, includeConnections: withConnections))
            case .applyPart:
                // Parts are gathered by the connection, which sends the whole batch as `.apply`.
                return .failure("a part of a batch outside a control connection")
            case .setOwnership, .announce:
                // No layer 2 here: the in-process table has no addresses to answer for.
                return .applied
            case .syncStatus:
                // No data plane, so no daemon runs: what the table asks for is not running.
                return .syncStatus(SyncDaemonStatus())
            case .dropCounts:
                // No data plane, nothing dropped.
                return .dropCounts([:])
            case .drain:
                // The daemon owns the process's lifetime and serves it before the table does.
                return .failure("drain is served by the lvs director daemon, not by a table")
            case .sysctls(let changes):
                do throws(IPVSSysctlError) {
                    engine.sysctls = try engine.sysctls.changed(by: changes)
                } catch {
                    return .sysctlRefused(error)
                }
                return .sysctls(engine.sysctls.values)
            }
        }
    }

    /// Timer work (connection expiry, the 2-second rate estimator); call about every 100 ms.
    public func tick() {
        let now = clock()
        engine.withLock { $0.tick(now: now) }
    }
}
