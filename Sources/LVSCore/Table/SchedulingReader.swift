import LVSVocabulary
import Synchronization

/// One table's (one worker's) mark that it is reading a service's published
/// `SchedulingSnapshot`: the lead frees a replaced snapshot only after every reader that was
/// inside a read when it was replaced has come out (a grace period, as the kernel's RCU gives
/// its sh and mh tables). Each reader writes only its own cache line.
///
/// Used by one thread (the table's owner); the lead only reads its counter.
final class SchedulingReader: @unchecked Sendable {
    /// Odd while inside a read. On a line of its own: 128 bytes allocated, the counter in the
    /// middle, so no other allocation shares its cache line.
    private let storage: UnsafeMutablePointer<Atomic<UInt>>
    private static let slot = 8
    @exclusivity(unchecked) private var local: UInt = 0
    /// The state it reads, not retained: the table's service holds it (`VirtualService.shared`)
    /// as long as it holds this reader, and a retain per pick would write the shared object's
    /// reference count from every worker.
    private let scheduling: Unmanaged<ServiceScheduling>

    init(of scheduling: ServiceScheduling) {
        self.scheduling = .passUnretained(scheduling)
        storage = .allocate(capacity: 2 * Self.slot)
        (storage + Self.slot).initialize(to: Atomic(0))
    }

    deinit {
        (storage + Self.slot).deinitialize(count: 1)
        storage.deallocate()
    }

    /// `ServiceScheduling.schedule` through this reader.
    @inline(__always)
    func schedule(_ request: ScheduleRequest, now: Instant) -> (key: DestinationKey, positionFromEnd: Int)? {
        scheduling._withUnsafeGuaranteedRef { $0.schedule(request, now: now, reader: self) }
    }

    /// Whether the lead deleted the service (`ServiceScheduling.isRetired`).
    var isRetired: Bool { scheduling._withUnsafeGuaranteedRef { $0.isRetired } }

    /// Before loading the snapshot: the store must be seen before the load (a full fence).
    @inline(__always)
    func enter() {
        local &+= 1
        storage[Self.slot].store(local, ordering: .sequentiallyConsistent)
    }

    @inline(__always)
    func leave() {
        local &+= 1
        storage[Self.slot].store(local, ordering: .releasing)
    }

    /// Called by the lead after publishing a new snapshot: returns once this reader is not
    /// inside a read it began before.
    func waitForReadsBegunBefore() {
        let seen = storage[Self.slot].load(ordering: .sequentiallyConsistent)
        guard seen & 1 == 1 else { return }
        while storage[Self.slot].load(ordering: .acquiring) == seen {}
    }
}
