import LVSCore
import Synchronization

/// An in-memory director table the daemon can reach from its checker tasks (any thread).
final class SharedTable: IPVSControl, Sendable {
    private let control = Mutex(InMemoryIPVSControl())

    func apply(_ operations: [AdminOperation]) throws(IPVSControlError) {
        try control.withLock { control throws(IPVSControlError) in try control.apply(operations) }
    }

    func snapshot(includeConnections: Bool) throws(IPVSControlError) -> TableSnapshot {
        try control.withLock { control throws(IPVSControlError) in
            try control.snapshot(includeConnections: includeConnections)
        }
    }
}
