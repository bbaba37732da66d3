import Synchronization

/// Where the control plane publishes the current `NeighbourSnapshot` and workers pick it up
/// (once per ring block: one uncontended lock and a retain).
public final class SnapshotCell: Sendable {
    private let value: Mutex<NeighbourSnapshot>

    public init(_ initial: NeighbourSnapshot) { value = Mutex(initial) }

    public var current: NeighbourSnapshot { value.withLock { $0 } }

    /// Replaces the snapshot with `change(current)`, atomically with respect to other updates.
    @discardableResult
    public func update(_ change: (NeighbourSnapshot) -> NeighbourSnapshot) -> NeighbourSnapshot {
        value.withLock { s in
            s = change(s)
            return s
        }
    }
}

/// A flag the control plane sets to make threads leave their loops.
public final class StopFlag: Sendable {
    private let stopped = Atomic<Bool>(false)
    public init() {}
    public var isSet: Bool { stopped.load(ordering: .acquiring) }
    public func set() { stopped.store(true, ordering: .releasing) }
}
