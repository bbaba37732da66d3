import Synchronization

/// Where the control plane publishes the current `NeighbourSnapshot` and workers pick it up.
/// A worker reads through a `SnapshotReader`: one atomic load of the generation per round, and
/// the lock only in the round after a change.
public final class SnapshotCell: Sendable {
    private let value: Mutex<NeighbourSnapshot>
    private let published = Atomic<UInt64>(0)

    public init(_ initial: NeighbourSnapshot) { value = Mutex(initial) }

    public var current: NeighbourSnapshot { value.withLock { $0 } }

    /// Counts replacements; a reader whose copy is older takes the new snapshot.
    var generation: UInt64 { published.load(ordering: .acquiring) }

    /// Replaces the snapshot with `change(current)`, atomically with respect to other updates.
    @discardableResult
    public func update(_ change: (NeighbourSnapshot) -> NeighbourSnapshot) -> NeighbourSnapshot {
        value.withLock { s in
            let new = change(s)
            if new !== s {
                s = new
                published.add(1, ordering: .releasing)
            }
            return s
        }
    }
}

/// A worker's copy of the published snapshot, refreshed when the generation moves.
struct SnapshotReader {
    let cell: SnapshotCell
    private var copy: NeighbourSnapshot
    private var seen: UInt64

    init(_ cell: SnapshotCell) {
        self.cell = cell
        seen = cell.generation
        copy = cell.current
    }

    @inline(__always)
    mutating func read() -> NeighbourSnapshot {
        let g = cell.generation
        if g != seen {
            seen = g
            copy = cell.current
        }
        return copy
    }
}

/// A flag the control plane sets to make threads leave their loops.
public final class StopFlag: Sendable {
    private let stopped = Atomic<Bool>(false)
    public init() {}
    public var isSet: Bool { stopped.load(ordering: .acquiring) }
    public func set() { stopped.store(true, ordering: .releasing) }
}
