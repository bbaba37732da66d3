import LVSCore
import LVSLinux
import LVSWire
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One worker's share of the director: its state, which only the worker touches while it runs,
/// and an inbox through which everyone else reaches it.
///
/// The per-packet path takes no lock: once per round the worker loads one atomic flag, and
/// takes the inbox lock only when something is waiting there: a control-plane job (apply an
/// admin batch, read a snapshot, drain the wanted next hops) or NAT replies another worker had
/// no connection for. Control jobs run on the worker's thread between frames; the caller waits
/// for them (`perform`), woken through an eventfd in the worker's poll. While no worker runs
/// (before it starts, after it stops, in tests) jobs run at once, under the inbox lock.
public final class WorkerSlot: @unchecked Sendable {
    public typealias Job = @Sendable (WorkerState) -> Void

    struct Inbox {
        var jobs: [Job] = []
        /// The worker thread that owns `state` and runs the jobs, while one does.
        var owner: pthread_t?
        var attached: Bool { owner != nil }
    }

    /// The worker's own; see the type's comment for who may touch it when.
    let state: WorkerState
    private let inbox = Mutex(Inbox())
    /// NAT replies handed over by other workers; guarded by `inbox`'s lock (outside it only
    /// because the bytes come from a non-sendable view).
    private nonisolated(unsafe) var handedOver: FrameStash<Ingress>
    private let pending = Atomic<Bool>(false)
    let wake: WakeEvent

    /// How many handed-over frames wait at most (64 KiB slots: replies may be GSO frames).
    static let handOverCapacity = 32

    public init(engine: sending IPVSEngine = IPVSEngine()) {
        state = WorkerState(engine: engine)
        handedOver = FrameStash(capacity: Self.handOverCapacity, slotSize: 65536 + 512)
        // An eventfd cannot fail short of descriptor exhaustion; then the director cannot run anyway.
        wake = try! WakeEvent()
    }

    /// Runs `body` with the worker's state on the worker's thread (or at once if no worker
    /// runs) and returns its result. Not for the worker's own thread: it would wait for itself.
    public func perform<R>(_ body: (WorkerState) -> R) -> R {
        var result: R?
        let ranHere = inbox.withLock { box -> Bool in
            if let owner = box.owner {
                precondition(
                    pthread_equal(owner, pthread_self()) == 0,
                    "WorkerSlot.perform called from its own worker thread: it would wait forever")
                return false
            }
            result = body(state)
            return true
        }
        if ranHere, let result { return result }
        return withoutActuallyEscaping(body) { escapable in
            let done = Completion()
            let cell = ResultCell<R>()
            let call = CallCell(escapable)
            post { state in
                // `take` lets go of `body` before the caller is released: it must not outlive
                // `perform`, while the job itself may linger in the worker's list a moment.
                cell.value = call.take()?(state)
                done.signal()
            }
            done.wait()
            return cell.value!
        }
    }

    /// Queues `job` for the worker without waiting (or runs it at once if no worker runs).
    public func post(_ job: @escaping Job) {
        let queued = inbox.withLock { box -> Bool in
            guard box.attached else {
                job(state)
                return false
            }
            box.jobs.append(job)
            return true
        }
        if queued {
            pending.store(true, ordering: .releasing)
            wake.signal()
        }
    }

    /// Copies a NAT reply in for this worker to try; false when the inbox is full.
    func handOver(_ frame: FrameBuffer, _ ingress: Ingress) -> Bool {
        // Only the bytes cross over: `append` copies them into the inbox's own slot.
        guard inbox.withLock({ _ in handedOver.append(frame, ingress) }) else { return false }
        pending.store(true, ordering: .releasing)
        wake.signal()
        return true
    }

    /// This worker's frame counters.
    public func counters() -> DataPlaneCounters { perform { $0.counters } }

    // MARK: The worker's side

    /// The calling thread now owns the state; jobs wait for it from here on.
    func attach() { inbox.withLock { $0.owner = pthread_self() } }

    /// The worker stops: it runs what is queued and gives the state back.
    func detach() {
        inbox.withLock { box in
            for job in box.jobs { job(state) }
            box.jobs.removeAll()
            box.owner = nil
        }
    }

    /// Once per round: if anything waits, runs the jobs and lets `frames` take the handed-over
    /// frames (valid only inside it). Costs one atomic load when nothing waits.
    @inline(__always)
    func serviceInbox(_ frames: (inout FrameStash<Ingress>) -> Void) {
        guard pending.load(ordering: .acquiring) else { return }
        wake.reset()
        inbox.withLock { box in
            pending.store(false, ordering: .relaxed)
            for job in box.jobs { job(state) }
            box.jobs.removeAll(keepingCapacity: true)
            if handedOver.count > 0 { frames(&handedOver) }
        }
    }
}

private final class ResultCell<R>: @unchecked Sendable {
    var value: R?
}

/// Holds the caller's closure until the job takes it (once).
private final class CallCell<R>: @unchecked Sendable {
    private var body: ((WorkerState) -> R)?
    init(_ body: @escaping (WorkerState) -> R) { self.body = body }

    func take() -> ((WorkerState) -> R)? {
        defer { body = nil }
        return body
    }
}
