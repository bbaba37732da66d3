import LVSCore
import LVSVocabulary
import LVSWire

/// Everything one data-plane worker owns: its IPVS engine (connection table, scheduler state,
/// counters), its frame counters, the MACs it learned, and requests for the control plane.
/// Only one thread touches it at a time (the worker, or a job through its `WorkerSlot`), so
/// the fields written per frame skip the runtime's dynamic exclusivity checks.
public final class WorkerState {
    public let engine: IPVSEngine
    @exclusivity(unchecked) public var counters = DataPlaneCounters()
    @exclusivity(unchecked) public var learned: LearnedNeighbours
    /// Hops this worker's packets took, per network view generation.
    @exclusivity(unchecked) var nextHops = NextHopCache()
    /// Next hops a packet needed and the snapshot could not resolve; drained by the control
    /// plane, which asks the kernel to resolve them.
    public private(set) var wanted: [NeighbourKey] = []
    /// Gratuitous ARPs to send (only worker 0's are used).
    var announcements: [Announcement] = []
    /// When the engine's timers run next (connection expiry, rate estimator).
    var nextTick: Int64 = .min
    /// With `--data-plane xdp`: the frame processor offers connections to the XDP fast path.
    var offloadEnabled = false
    /// With the XDP fast path: this worker's connections in the XDP map (the worker's, set
    /// before it starts; listings merge XDP's counts through it first).
    var offloader: XDPOffloader?
    /// Set by the frame processor for the frame it just handled, taken by the worker.
    @exclusivity(unchecked) var offloadCandidate: OffloadCandidate?

    static let wantedCapacity = 64
    /// Engine timer period.
    static let tickInterval: Int64 = 100

    public init(engine: IPVSEngine, learnedCapacity: Int = 4096) {
        self.engine = engine
        learned = LearnedNeighbours(capacity: learnedCapacity)
        wanted.reserveCapacity(Self.wantedCapacity)
    }

    /// Asks for `key` to be resolved (deduplicated, bounded, allocation-free).
    @inline(__always)
    func want(_ key: NeighbourKey) {
        guard wanted.count < Self.wantedCapacity, !wanted.contains(key) else { return }
        wanted.append(key)
    }

    /// The wanted next hops, emptied.
    public func drainWanted() -> [NeighbourKey] {
        let out = wanted
        wanted.removeAll(keepingCapacity: true)
        return out
    }

    func queue(_ a: [Announcement]) { announcements.append(contentsOf: a) }

    /// Runs the engine's timers when due; returns whether they ran.
    @inline(__always)
    @discardableResult
    func tickIfDue(_ now: Instant) -> Bool {
        guard now.milliseconds >= nextTick else { return false }
        engine.tick(now: now)
        nextTick = now.milliseconds &+ Self.tickInterval
        return true
    }
}
