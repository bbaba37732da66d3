import LVSVocabulary

/// What the shared rr, wrr, sh and mh schedulers pick from, as of one change of a service:
/// built by the lead table under its lock, then published (`ServiceScheduling`) and never
/// changed, so every worker picks from it without a lock while the lead builds the next one.
///
/// The servers' picks and fields sit in plain buffers: a worker reads them without retaining
/// or releasing anything (a retain of a shared object is a write to a shared cache line).
final class SchedulingSnapshot {
    enum Kind {
        case roundRobin, weightedRoundRobin, sourceHashing, maglevHashing
        /// Any other scheduler: it picks under the lock.
        case locked
    }

    let kind: Kind
    /// Which change of the service this is (31 bits, wrapping): rr's and wrr's walk names the
    /// snapshot its position indexes.
    let generation: UInt
    let count: Int
    let flags: ServiceFlags
    let family: InetAddress.Family
    /// wrr's bar: its top and step (`WeightedRoundRobinScheduler.passes`).
    let maxWeight: Int32
    let step: Int32
    /// sh's buckets or mh's lookup table: an index into the servers, -1 for none.
    let tableSize: Int
    /// The lead's servers, kept alive with the counts `overloadFlags` point into.
    private let servers: [RealServer]
    private let keys: UnsafeMutablePointer<DestinationKey>
    private let positionsFromEnd: UnsafeMutablePointer<Int>
    private let weights: UnsafeMutablePointer<Int32>
    private let overloadFlags: UnsafeMutablePointer<UnsafeRawPointer>
    private let table: UnsafeMutablePointer<Int32>

    /// The lead's `service` as it is now (called under its lock).
    init(service: VirtualService, generation: UInt) {
        self.generation = generation & Self.generationMask
        let d = service.destinations
        servers = d
        count = d.count
        flags = service.flags
        family = service.key.family
        keys = .allocate(capacity: max(1, count))
        positionsFromEnd = .allocate(capacity: max(1, count))
        weights = .allocate(capacity: max(1, count))
        overloadFlags = .allocate(capacity: max(1, count))
        var index: [ObjectIdentifier: Int32] = [:]
        for (i, s) in d.enumerated() {
            (keys + i).initialize(to: s.key)
            (positionsFromEnd + i).initialize(to: s.positionFromEnd)
            (weights + i).initialize(to: s.weight)
            (overloadFlags + i).initialize(to: s.overloadFlagAddress)
            index[ObjectIdentifier(s)] = Int32(i)
        }
        var maxWeight: Int32 = 0
        var step: Int32 = 1
        var entries: [Int32] = []
        switch service.scheduler {
        case is RoundRobinScheduler:
            kind = .roundRobin
        case let wrr as WeightedRoundRobinScheduler:
            kind = .weightedRoundRobin
            (maxWeight, step) = wrr.passes
        case let sh as SourceHashingScheduler:
            kind = .sourceHashing
            entries = sh.buckets.map { $0.flatMap { index[ObjectIdentifier($0)] } ?? -1 }
        case let mh as MaglevHashingScheduler:
            kind = .maglevHashing
            entries = mh.lookup.map { $0.flatMap { index[ObjectIdentifier($0)] } ?? -1 }
        default:
            kind = .locked
        }
        self.maxWeight = maxWeight
        self.step = step
        tableSize = entries.count
        table = .allocate(capacity: max(1, entries.count))
        table.initialize(from: entries, count: entries.count)
    }

    deinit {
        keys.deinitialize(count: count)
        keys.deallocate()
        positionsFromEnd.deallocate()
        weights.deallocate()
        overloadFlags.deallocate()
        table.deallocate()
    }

    static let generationMask: UInt = (1 << 31) - 1

    /// What a pick names: the server's key and its place in the list (see `ServiceScheduling`).
    @inline(__always)
    func server(_ i: Int) -> (key: DestinationKey, positionFromEnd: Int) { (keys[i], positionsFromEnd[i]) }

    @inline(__always)
    func isOverloaded(_ i: Int) -> Bool { overloadFlags[i].load(as: Int32.self) != 0 }

    /// `RealServer.acceptsNewConnections`.
    @inline(__always)
    func accepts(_ i: Int) -> Bool { weights[i] > 0 && !isOverloaded(i) }

    @inline(__always)
    func weight(_ i: Int) -> Int32 { weights[i] }

    /// sh's or mh's pick for `request` (an index), or nil.
    @inline(__always)
    func hashedPick(_ request: ScheduleRequest) -> Int? {
        let found: Int32?
        if kind == .sourceHashing {
            found = SourceHashingScheduler.pick(
                SourceHashingScheduler.key(request, flags: flags, family: family),
                fallback: flags.contains(.shFallback), bucket: { table[$0] >= 0 ? table[$0] : nil },
                accepts: { accepts(Int($0)) })
        } else {
            found = MaglevHashingScheduler.pick(
                MaglevHashingScheduler.key(request, flags: flags, family: family),
                fallback: flags.contains(.mhFallback), tableSize: tableSize,
                slot: { table[$0] >= 0 ? table[$0] : nil }, accepts: { accepts(Int($0)) })
        }
        return found.map { Int($0) }
    }
}
