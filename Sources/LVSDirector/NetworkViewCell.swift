import Synchronization

/// Where the control plane publishes the current `NetworkView` and workers pick it up.
/// A worker reads through a `NetworkViewReader`: one atomic load of the generation per round, and
/// the lock only in the round after a change.
public final class NetworkViewCell: Sendable {
    private let value: Mutex<NetworkView>
    private let published = Atomic<UInt64>(0)

    public init(_ initial: NetworkView) { value = Mutex(initial) }

    public var current: NetworkView { value.withLock { $0 } }

    /// Counts replacements; a reader whose copy is older takes the new snapshot.
    var generation: UInt64 { published.load(ordering: .acquiring) }

    /// Replaces the snapshot with `change(current)`, atomically with respect to other updates.
    @discardableResult
    public func update(_ change: (NetworkView) -> NetworkView) -> NetworkView {
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
