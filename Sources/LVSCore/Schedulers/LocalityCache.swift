import LVSVocabulary

/// The destination-address cache of lblc and lblcr (their ip_vs_lblc_table), with the kernel's
/// garbage collection: a timer every 60 s that, every 30th run, drops entries unused for
/// `expiration` (sysctl lblc_expiration / lblcr_expiration, default a day), and in the other
/// runs, only when there are more than 16384 entries, drops entries unused for 6 minutes bucket
/// by bucket until about a third more than the excess is gone.
///
/// Time is passed in, so the timer runs lazily: every tick due up to `now` is applied before a
/// lookup. The kernel starts the timer when the scheduler is bound; here it starts at the first
/// lookup, which no user can tell apart.
struct LocalityCache<Value> {
    struct Entry {
        var value: Value
        var lastUse: Instant
    }

    static var tickInterval: Int64 { 60_000 }
    static var entryTimeout: Int64 { 6 * 60_000 }
    static var fullCheckEvery: Int { 30 }
    static var bucketBits: UInt32 { 10 }
    static var maxSize: Int { (1 << Int(bucketBits)) * 16 }

    /// Milliseconds an entry may stay unused before a full check drops it.
    var expiration: Int64 = 24 * 60 * 60_000
    let family: InetAddress.Family
    private(set) var entries: [InetAddress: Entry] = [:]
    private var nextTick: Instant?
    private var counter = 1
    private var rover = 0

    init(family: InetAddress.Family) { self.family = family }

    subscript(address: InetAddress) -> Entry? {
        get { entries[address] }
        set { entries[address] = newValue }
    }

    var count: Int { entries.count }

    /// Runs every timer tick due at or before `now`.
    mutating func advance(to now: Instant) {
        guard var tick = nextTick else {
            nextTick = now + Self.tickInterval
            return
        }
        defer { nextTick = tick }
        while tick <= now {
            if counter % Self.fullCheckEvery == 0 {
                drop(olderThan: expiration, at: tick, goal: nil)
                counter = 1
                tick = tick + Self.tickInterval
                continue
            }
            if entries.count <= Self.maxSize {
                // Quiet ticks only count up to the next full check: skip them in one step.
                let due = (now - tick) / Self.tickInterval + 1
                let quiet = Int64(Self.fullCheckEvery - counter)
                let step = min(due, quiet)
                counter += Int(step)
                tick = tick + step * Self.tickInterval
                continue
            }
            var goal = (entries.count - Self.maxSize) * 4 / 3
            goal = min(goal, Self.maxSize / 2)
            drop(olderThan: Self.entryTimeout, at: tick, goal: goal)
            tick = tick + Self.tickInterval
        }
    }

    /// Drops entries unused for `age` ms at time `now`, walking the 1024 hash buckets from the
    /// rover on; with a goal, stops after the bucket where the goal is reached.
    private mutating func drop(olderThan age: Int64, at now: Instant, goal: Int?) {
        let bucketCount = 1 << Int(Self.bucketBits)
        // A full walk ends where it began, so an empty cache leaves the rover as it is.
        guard !entries.isEmpty else { return }
        var stale = [[InetAddress]](repeating: [], count: bucketCount)
        for (address, entry) in entries where now - entry.lastUse >= age {
            stale[bucket(of: address)].append(address)
        }
        var remaining = goal ?? Int.max
        var j = rover
        for _ in 0..<bucketCount {
            j = (j + 1) & (bucketCount - 1)
            for address in stale[j] {
                entries[address] = nil
                remaining -= 1
            }
            if goal != nil && remaining <= 0 { break }
        }
        rover = j
    }

    private func bucket(of address: InetAddress) -> Int {
        Int(KernelHash.hash32(KernelHash.fold(address, family: family), bits: Self.bucketBits))
    }
}

/// What lblc and lblcr share: which of their cached servers are still usable.
extension VirtualService {
    /// The live server a cached one stands for. The kernel's cache holds a reference that keeps
    /// a deleted server in the trash, so re-adding it revives the very same server; here the
    /// table may have made a new object for it, found by its key.
    func current(_ cached: RealServer, servers: [DestinationKey: RealServer]) -> RealServer {
        if cached.isAvailable { return cached }
        return servers[cached.key] ?? cached
    }

    /// lblc/lblcr is_overloaded: more active connections than weight while some server of the
    /// service has fewer than half its weight.
    func hasLessLoadedThan(_ s: RealServer) -> Bool {
        guard s.activeConnections > s.weight else { return false }
        for d in destinations where Int64(d.activeConnections) * 2 < Int64(d.weight) { return true }
        return false
    }
}
