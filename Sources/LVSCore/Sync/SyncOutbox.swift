import Synchronization

/// Entries a worker's engine queued for the sync master: a bounded ring allocated when a
/// master daemon starts (`prepare`, on the control plane; engines of directors that never sync
/// hold none), so queuing from the packet path neither allocates nor locks. The control plane
/// drains it (through the worker's inbox) every few milliseconds. When it is full the entry is
/// dropped and counted, as the kernel drops what exceeds sync_qlen_max.
public final class SyncOutbox {
    /// How many IPv4 entries fit in one message of the default maximum length (1472 bytes:
    /// an MTU of 1500 less the IPv4 and UDP headers): the unit of `syncQueueLengthMax`.
    public static let entriesPerMessage = 40

    public let capacity: Int
    private var slots: ContiguousArray<ConnectionEntry>
    private var head = 0
    public private(set) var count = 0
    /// Entries dropped because the outbox was full (never reset).
    public private(set) var dropped: UInt64 = 0
    /// Entries queued in all (never reset).
    public private(set) var queued: UInt64 = 0
    /// Set by an append, cleared by a drain: the only field read from another thread, so the
    /// daemon skips an idle worker without waking it (a stale answer costs one empty job, or
    /// one drain interval).
    private let waiting = Atomic<Bool>(false)

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        slots = []
    }

    /// Allocates the ring (once); until then every append is dropped and counted.
    public func prepare() {
        guard slots.isEmpty else { return }
        let blank = ConnectionEntry(
            proto: 0, client: .init(v4: 0), clientPort: 0, virtual: .init(v4: 0), virtualPort: 0,
            destination: .init(v4: 0), destinationPort: 0)
        slots = ContiguousArray(repeating: blank, count: capacity)
    }

    /// Queues a copy of `entry`; false (and counted) when full.
    @inline(__always)
    @discardableResult
    public func append(_ entry: ConnectionEntry) -> Bool {
        guard count < slots.count else {
            dropped &+= 1
            return false
        }
        var index = head + count
        if index >= capacity { index -= capacity }
        slots[index] = entry
        count += 1
        queued &+= 1
        waiting.store(true, ordering: .releasing)
        return true
    }

    /// Whether entries may be waiting; safe from any thread.
    public var mayHoldEntries: Bool { waiting.load(ordering: .acquiring) }

    /// Moves every queued entry, oldest first, to the end of `into` (the control plane's
    /// array: the allocation happens there, not on the packet path).
    public func drain(into out: inout [ConnectionEntry]) {
        waiting.store(false, ordering: .relaxed)
        out.reserveCapacity(out.count + count)
        for i in 0..<count {
            var index = head + i
            if index >= capacity { index -= capacity }
            out.append(slots[index])
        }
        head = 0
        count = 0
    }
}
