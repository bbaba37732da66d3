import LVSVocabulary
import Synchronization

/// One virtual service's scheduler state shared by every worker's engine, as the kernel's one
/// `struct ip_vs_service` is shared by every CPU: the scheduler instance (rr's position, wrr's
/// current weight, sh/mh tables, lblc/lblcr caches) runs on the lead table's copy of the
/// service, in whose servers' counts every worker's copy of them counts (`RealServer.sharesCounts`).
///
/// Persistence templates are shared too (`templates`): a client network scheduled on one
/// worker sticks to the same server on every worker, with any -M mask.
///
/// rr, wrr, sh and mh pick without the lock: from the published `SchedulingSnapshot` of the
/// service, rr and wrr moving their position (`walk`) with a compare-and-swap. A pick is then
/// one of a single sequence of picks, in the kernel's order, as under the kernel's per-service
/// lock. Other schedulers pick under `lock`. The lead table changes the service under `lock`
/// (`change`) and publishes the next snapshot; never locked for a packet of an existing connection.
public final class ServiceScheduling: @unchecked Sendable {
    /// The lead table's service (its scheduler and servers); only touched under `lock`.
    let service: VirtualService
    let lock = Mutex(())
    /// Set when the lead deleted the service: a worker that has not yet deleted its copy (a
    /// batch reaches the workers in steps) schedules with its own state meanwhile, as before
    /// the deletion, rather than with the lead's emptied one.
    private let retiredFlag = Atomic<Bool>(false)
    var isRetired: Bool { retiredFlag.load(ordering: .acquiring) }
    func retire() { retiredFlag.store(true, ordering: .releasing) }

    /// The templates some worker holds, by name; only touched under `lock`.
    private var templates: [TemplateKey: SharedTemplate] = [:]

    /// The current snapshot, retained by this reference.
    private let published: Atomic<Unmanaged<SchedulingSnapshot>>
    /// rr's and wrr's position: `first` = the snapshot generation << 33 | `changing` | the
    /// position + 1 (0: the list head); `second` = wrr's current bar.
    /// On a cache line of its own (256 bytes allocated, the word in the middle): rr's and wrr's
    /// compare-and-swap moves that line between cores; nothing else read per pick should move with it.
    private let walkStorage: UnsafeMutablePointer<Atomic<WordPair>>
    private static let walkSlot = 8
    private static let changing: UInt = 1 << 32
    /// Every table's reader of the snapshots; only touched under `lock`.
    private var readers: [SchedulingReader] = []

    init(service: VirtualService) {
        self.service = service
        let first = SchedulingSnapshot(service: service, generation: 1)
        published = Atomic(Unmanaged.passRetained(first))
        walkStorage = .allocate(capacity: 2 * Self.walkSlot)
        (walkStorage + Self.walkSlot).initialize(
            to: Atomic(Self.walk(of: service.scheduler, generation: first.generation)))
    }

    deinit {
        published.load(ordering: .acquiring).release()
        (walkStorage + Self.walkSlot).deinitialize(count: 1)
        walkStorage.deallocate()
    }

    /// A reader for a table (a worker's or the lead's) that schedules with this state.
    func makeReader() -> SchedulingReader {
        let reader = SchedulingReader(of: self)
        lock.withLock { _ in readers.append(reader) }
        return reader
    }

    /// A table's reader it will not use again (its copy of the service is gone).
    func removeReader(_ reader: SchedulingReader) {
        lock.withLock { _ in readers.removeAll { $0 === reader } }
    }

    /// How many tables read the snapshots (for tests).
    var readerCount: Int { lock.withLock { _ in readers.count } }

    private static func walk(of scheduler: any Scheduler, generation: UInt) -> WordPair {
        var position = -1
        var bar: Int32 = 0
        if let rr = scheduler as? RoundRobinScheduler { position = rr.cursorIndex }
        if let wrr = scheduler as? WeightedRoundRobinScheduler { (position, bar) = wrr.walk }
        return WordPair(
            first: generation << 33 | UInt(UInt32(truncatingIfNeeded: position &+ 1)),
            second: UInt(bitPattern: Int(bar)))
    }

    private enum Outcome {
        case picked(DestinationKey, Int)
        case none
        /// The scheduler picks under the lock.
        case locked
        /// The lead is changing the service: out of the read, wait for it (take the lock) and
        /// pick again from the next snapshot.
        case changing
    }

    /// Picks a server with the shared scheduler; returns its key and place in the list, which
    /// name the caller's own copy of it.
    @inline(__always)
    func schedule(
        _ request: ScheduleRequest, now: Instant, reader: SchedulingReader
    ) -> (key: DestinationKey, positionFromEnd: Int)? {
        while true {
            reader.enter()
            // Sequentially consistent, not only acquiring: it must not be reordered before
            // `enter`'s store, which the lead reads after replacing the snapshot (a plain load on x86).
            let outcome = published.load(ordering: .sequentiallyConsistent)._withUnsafeGuaranteedRef {
                pick(request, from: $0)
            }
            reader.leave()
            switch outcome {
            case .picked(let key, let position): return (key, position)
            case .none: return nil
            case .locked: return lock.withLock { _ in scheduleLocked(request, now: now) }
            case .changing: lock.withLock { _ in }
            }
        }
    }

    /// The pick, under `lock` (the lead cannot be changing the service).
    private func scheduleLocked(
        _ request: ScheduleRequest, now: Instant
    ) -> (
        key: DestinationKey, positionFromEnd: Int
    )? {
        let outcome = published.load(ordering: .acquiring)._withUnsafeGuaranteedRef { pick(request, from: $0) }
        switch outcome {
        case .picked(let key, let position): return (key, position)
        case .none, .changing: return nil
        case .locked:
            return service.scheduler.schedule(in: service, request: request, now: now).map {
                ($0.key, $0.positionFromEnd)
            }
        }
    }

    @inline(__always)
    private func pick(_ request: ScheduleRequest, from snapshot: SchedulingSnapshot) -> Outcome {
        switch snapshot.kind {
        case .locked:
            return .locked
        case .sourceHashing, .maglevHashing:
            guard let i = snapshot.hashedPick(request) else { return .none }
            let s = snapshot.server(i)
            return .picked(s.key, s.positionFromEnd)
        case .roundRobin, .weightedRoundRobin:
            var seen = walkStorage[Self.walkSlot].load(ordering: .acquiring)
            while true {
                // Held still, or a position in another snapshot (the lead changed the service
                // since this one was loaded): the lead is or was changing the service.
                if seen.first & Self.changing != 0 || seen.first >> 33 != snapshot.generation { return .changing }
                let position = Int(UInt32(truncatingIfNeeded: seen.first)) - 1
                var next = seen
                let picked: Int?
                if snapshot.kind == .roundRobin {
                    picked = RoundRobinScheduler.next(after: position, count: snapshot.count) { snapshot.accepts($0) }
                    // rr leaves its cursor where it was when nothing can be picked.
                    guard let i = picked else { return .none }
                    next.first = snapshot.generation << 33 | UInt(i + 1)
                } else {
                    var state = (
                        position: position, currentWeight: Int32(truncatingIfNeeded: Int(bitPattern: seen.second))
                    )
                    picked = WeightedRoundRobinScheduler.next(
                        &state, count: snapshot.count, maxWeight: snapshot.maxWeight, step: snapshot.step
                    ) { i, bar in !snapshot.isOverloaded(i) && snapshot.weight(i) >= bar }
                    next = WordPair(
                        first: snapshot.generation << 33 | UInt(UInt32(truncatingIfNeeded: state.position &+ 1)),
                        second: UInt(bitPattern: Int(state.currentWeight)))
                }
                let (exchanged, current) = walkStorage[Self.walkSlot].compareExchange(
                    expected: seen, desired: next, ordering: .acquiringAndReleasing)
                if exchanged {
                    guard let i = picked else { return .none }
                    let s = snapshot.server(i)
                    return .picked(s.key, s.positionFromEnd)
                }
                seen = current
            }
        }
    }

    /// The lead table changes the service (its servers, their weights, its scheduler or flags):
    /// under the lock, with rr's and wrr's position held still, taken over by the lead's
    /// scheduler for the change (its kernel rules move it) and handed back with the next
    /// snapshot. The replaced snapshot is freed once no reader can still be reading it.
    func change(_ body: () -> Void) {
        lock.withLock { _ in
            var seen = walkStorage[Self.walkSlot].load(ordering: .acquiring)
            while true {
                let (exchanged, current) = walkStorage[Self.walkSlot].compareExchange(
                    expected: seen, desired: WordPair(first: seen.first | Self.changing, second: seen.second),
                    ordering: .acquiringAndReleasing)
                if exchanged { break }
                seen = current
            }
            let old = published.load(ordering: .acquiring)
            let generation = old._withUnsafeGuaranteedRef { $0.generation }
            let position = Int(UInt32(truncatingIfNeeded: seen.first)) - 1
            if let rr = service.scheduler as? RoundRobinScheduler { rr.moveCursor(to: position, in: service) }
            if let wrr = service.scheduler as? WeightedRoundRobinScheduler {
                wrr.walk = (position, Int32(truncatingIfNeeded: Int(bitPattern: seen.second)))
            }
            body()
            let next = SchedulingSnapshot(service: service, generation: generation &+ 1)
            published.store(Unmanaged.passRetained(next), ordering: .sequentiallyConsistent)
            walkStorage[Self.walkSlot].store(
                Self.walk(of: service.scheduler, generation: next.generation), ordering: .releasing)
            for reader in readers { reader.waitForReadsBegunBefore() }
            old.release()
        }
    }

    /// Kernel ip_vs_sched_persist's template step for one worker without a usable template of
    /// its own: the server a template another worker holds names (unless it left the service,
    /// or is quiesced and `expireQuiescent`), else a new pick that the template then names.
    /// The caller holds the template from here on and lets it go with `releaseTemplate`.
    func scheduleTemplate(
        _ key: TemplateKey, _ request: ScheduleRequest, now: Instant, expireQuiescent: Bool
    ) -> DestinationKey? {
        lock.withLock { _ in
            if var t = templates[key], let d = service.destination(t.destination), d.isAvailable,
                !(expireQuiescent && d.weight == 0)
            {
                t.holders += 1
                templates[key] = t
                return t.destination
            }
            guard let d = scheduleLocked(request, now: now) else { return nil }
            holdLocked(key, naming: d.key)
            return d.key
        }
    }

    /// One more holder of template `key`, which now names `destination` (under `lock`). An
    /// invalid template's holders still let go of it later: they stay counted.
    private func holdLocked(_ key: TemplateKey, naming destination: DestinationKey) {
        templates[key] = SharedTemplate(destination: destination, holders: (templates[key]?.holders ?? 0) + 1)
    }

    /// A template a worker took from outside its own scheduling (a sync master's, a
    /// checkpoint's), bound to `destination`: from here on every worker without its own
    /// template sends that client network there, as the kernel's one template would. The
    /// outside word wins over a template the workers made. The caller holds the template from
    /// here on and lets it go with `releaseTemplate`.
    func adoptTemplate(_ key: TemplateKey, destination: DestinationKey) {
        lock.withLock { _ in holdLocked(key, naming: destination) }
    }

    /// A worker's template for `key` expired, was deleted or invalidated.
    func releaseTemplate(_ key: TemplateKey) {
        lock.withLock { _ in
            guard var t = templates[key] else { return }
            t.holders -= 1
            templates[key] = t.holders > 0 ? t : nil
        }
    }

    /// How many templates the workers share (for tests).
    var templateCount: Int { lock.withLock { _ in templates.count } }

    /// The lead table's copy of server `key`, whose counts a worker's copy shares.
    func leadServer(_ key: DestinationKey) -> RealServer? {
        lock.withLock { _ in service.destination(key) }
    }
}
