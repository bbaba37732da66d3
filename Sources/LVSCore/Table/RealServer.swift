import LVSVocabulary
import Synchronization

/// A real server (kernel `struct ip_vs_dest`): its configuration and the live counters the
/// schedulers read. Owned by one `VirtualService`; stays alive while connections point at it
/// even after it is deleted (the kernel's trash list).
///
/// The fields schedulers read per packet skip Swift's dynamic exclusivity checks: a server is
/// mutated only by its table's single owner, and each check costs as much as the whole read.
public final class RealServer {
    @exclusivity(unchecked) public internal(set) var config: DestinationConfig
    /// The connection counts and overload flag (kernel activeconns, inactconns, persistconns,
    /// IP_VS_DEST_F_OVERLOAD as 0/1): atomic, as in the kernel, because every worker's copy of
    /// a server counts in the same memory, the lead table's copy's, which the shared scheduler
    /// reads (see `SchedulingRole`). Behind a plain pointer rather than in the object: a scan
    /// over 1000 servers then reads them without retaining each server around each atomic load.
    private let countsStorage: UnsafeMutablePointer<Atomic<Int32>>
    /// The copy whose `countsStorage` this one uses, kept alive by it; nil: its own.
    private let countsOwner: RealServer?
    private static let activeSlot = 0
    private static let inactiveSlot = 1
    private static let persistentSlot = 2
    private static let overloadedSlot = 3

    /// Connections in ESTABLISHED (kernel activeconns).
    public var activeConnections: Int32 {
        @inline(__always) get { count(Self.activeSlot) }
        set { countsStorage[Self.activeSlot].store(newValue, ordering: .relaxed) }
    }
    /// Other non-template connections (kernel inactconns).
    public var inactiveConnections: Int32 {
        @inline(__always) get { count(Self.inactiveSlot) }
        set { countsStorage[Self.inactiveSlot].store(newValue, ordering: .relaxed) }
    }
    /// Persistence templates pointing here (kernel persistconns).
    public var persistentConnections: Int32 {
        @inline(__always) get { count(Self.persistentSlot) }
        set { countsStorage[Self.persistentSlot].store(newValue, ordering: .relaxed) }
    }
    /// Set when active+inactive reaches the upper threshold (IP_VS_DEST_F_OVERLOAD).
    public var isOverloaded: Bool {
        @inline(__always) get { count(Self.overloadedSlot) != 0 }
        set { countsStorage[Self.overloadedSlot].store(newValue ? 1 : 0, ordering: .relaxed) }
    }

    /// One count, read as the kernel's atomic_read does: a plain aligned load, whole on every
    /// target, of a word only ever written atomically. An atomic load here would make Swift
    /// retain and release each server around it in a scheduler's scan (6x slower wlc at 1000).
    @inline(__always) private func count(_ slot: Int) -> Int32 {
        UnsafeRawPointer(countsStorage).load(fromByteOffset: slot * MemoryLayout<Int32>.stride, as: Int32.self)
    }

    /// A connection was bound (+1), let go of (-1), or moved between active and inactive: one
    /// atomic add per count that changes, once per connection event, never per packet.
    @inline(__always) func addCounts(active a: Int32 = 0, inactive i: Int32 = 0, persistent p: Int32 = 0) {
        if a != 0 { countsStorage[Self.activeSlot].wrappingAdd(a, ordering: .relaxed) }
        if i != 0 { countsStorage[Self.inactiveSlot].wrappingAdd(i, ordering: .relaxed) }
        if p != 0 { countsStorage[Self.persistentSlot].wrappingAdd(p, ordering: .relaxed) }
    }

    /// Where the overload flag is (an Int32, 0 or 1, written atomically): the lock-free shared
    /// schedulers read it as `isOverloaded` does, without touching the server object.
    var overloadFlagAddress: UnsafeRawPointer {
        UnsafeRawPointer(countsStorage) + Self.overloadedSlot * MemoryLayout<Int32>.stride
    }

    /// Whether this copy counts in `other`'s counts (or is it).
    func sharesCounts(with other: RealServer) -> Bool { countsStorage == other.countsStorage }

    /// Active plus inactive (kernel ip_vs_dest_totalconns), what the thresholds count.
    var totalConnections: Int64 { Int64(activeConnections) + Int64(inactiveConnections) }

    /// False once deleted from its service (IP_VS_DEST_F_AVAILABLE cleared).
    @exclusivity(unchecked) public internal(set) var isAvailable = true
    public var counters = TrafficCounters()
    public var estimator = RateEstimator()
    /// The latest non-zero weight, or the weight given when added (kernel last_weight): mh keeps
    /// a quiesced server's slots in its table with it.
    @exclusivity(unchecked) public internal(set) var lastWeight: Int32

    /// Where it is in its service's list, counted from the end (which adding a server at the
    /// head does not change): names the same server in every worker's copy of the list.
    @exclusivity(unchecked) var positionFromEnd = 0

    /// The service this server was deleted from while connections still used it (it is in
    /// that service's trash); nil while it is in a service or forgotten.
    var trashedFrom: ServiceKey?

    /// A server with its own counts, or sharing `countsOwner`'s (a worker's copy of the lead's).
    public init(config: DestinationConfig, sharingCountsOf countsOwner: RealServer? = nil) {
        self.config = config
        lastWeight = config.weight
        if let countsOwner {
            let root = countsOwner.countsOwner ?? countsOwner
            self.countsOwner = root
            countsStorage = root.countsStorage
        } else {
            self.countsOwner = nil
            countsStorage = .allocate(capacity: 4)
            for slot in 0..<4 { (countsStorage + slot).initialize(to: Atomic(0)) }
        }
    }

    deinit {
        guard countsOwner == nil else { return }
        countsStorage.deinitialize(count: 4)
        countsStorage.deallocate()
    }

    public var key: DestinationKey { config.key }
    public var address: InetAddress { config.key.address }
    public var port: UInt16 { config.key.port }
    public var weight: Int32 { config.weight }
    /// Kernel ip_vs_dest_conn_overhead: active connections weigh 256 times inactive ones.
    @inline(__always) public var load: Int64 { Int64(activeConnections) * 256 + Int64(inactiveConnections) }

    /// Kernel ip_vs_dest_totalconns + threshold rules: recompute `isOverloaded` after a change.
    public func updateOverload() {
        let u = config.upperThreshold
        let l = config.lowerThreshold
        let total = Int64(activeConnections) + Int64(inactiveConnections)
        if u != 0 && total >= Int64(u) {
            isOverloaded = true
        } else if isOverloaded {
            if l != 0 {
                if total < Int64(l) { isOverloaded = false }
            } else if u != 0 {
                if total * 4 < Int64(u) * 3 { isOverloaded = false }
            } else {
                isOverloaded = false
            }
        }
    }

    public func snapshot(now: Instant) -> DestinationSnapshot {
        DestinationSnapshot(
            config: config,
            activeConnections: UInt32(clamping: activeConnections),
            inactiveConnections: UInt32(clamping: inactiveConnections),
            persistentConnections: UInt32(clamping: persistentConnections),
            counters: counters, rates: estimator.rates)
    }
}
