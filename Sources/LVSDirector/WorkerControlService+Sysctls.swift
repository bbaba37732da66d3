import LVSControl
import LVSCore

/// `lvs sysctl` on a forwarding director: every worker's engine takes the same changes (on its
/// own thread, under the lock admin batches take, so two clients' changes reach all engines in one order).
extension WorkerControlService {
    func handleSysctls(_ changes: [String: String]) -> ControlResponse {
        // Validated once, before any engine changes: the same changes cannot fail on one
        // engine and pass on another (a value's validity does not depend on the others).
        do throws(IPVSSysctlError) {
            _ = try IPVSSysctls().changed(by: changes)
        } catch {
            return .sysctlRefused(error)
        }
        let settings: [IPVSSysctls] = shadow.withLock { _ in
            slots.map { slot in
                slot.perform { s in
                    if !changes.isEmpty, let changed = try? s.engine.sysctls.changed(by: changes) {
                        s.engine.sysctls = changed
                    }
                    return s.engine.sysctls
                }
            }
        }
        return .sysctls(IPVSSysctls.directorValues(settings))
    }

    /// Splits the director's connection limit over the workers' engines (rounded down, so the
    /// whole never exceeds `limit`), each told how many share it.
    public func setConnectionLimit(_ limit: Int) {
        let share = limit == Int.max ? Int.max : max(1, limit / slots.count)
        shadow.withLock { _ in
            for slot in slots {
                slot.perform { s in
                    s.engine.enginesSharingLimit = slots.count
                    s.engine.connectionLimit = share
                }
            }
        }
    }
}
