import LVSVocabulary

/// mh: Maglev consistent hashing keyed by the client address, and with mh-port also by the
/// client port (kernel ip_vs_mh.c). Each server walks its own permutation of a prime-sized table
/// (offset and skip from two fixed-key hsiphash values of its address and port), taking turns
/// in list order, each turn `lastWeight/gcd` slots (shifted down for huge weights). A quiesced
/// server keeps its slots (its last non-zero weight counts), so mh-fallback can probe past it.
public final class MaglevHashingScheduler: Scheduler {
    public static let name = "mh"
    /// The kernel module's default table size (CONFIG_IP_VS_MH_TAB_INDEX 12 -> primes[4]).
    public static let defaultTableSize = 4093
    /// The table sizes the kernel allows.
    public static let primes = [251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071]
    /// ip_vs_mh's generate_hash_secret: fixed keys, so every director builds the same table.
    static let offsetHash = KernelHalfSipHash(key0: 2_654_435_761, key1: 2_654_435_761)
    static let skipHash = KernelHalfSipHash(key0: 2_654_446_892, key1: 2_654_446_892)

    public let tableSize: Int
    /// IP_VS_MH_TAB_BITS: turns are shifted so the largest weight/gcd fits in this many bits.
    private let weightBits: Int
    private(set) var lookup: ContiguousArray<RealServer?>

    public convenience init() { self.init(tableSize: Self.defaultTableSize) }

    /// `tableSize` must be one of `primes`; anything else falls back to the default.
    public init(tableSize: Int) {
        let index = Self.primes.firstIndex(of: tableSize) ?? Self.primes.firstIndex(of: Self.defaultTableSize)!
        self.tableSize = Self.primes[index]
        // CONFIG_IP_VS_MH_TAB_INDEX = index + 8; TAB_BITS = that / 2.
        weightBits = (index + 8) / 2
        lookup = ContiguousArray(repeating: nil, count: self.tableSize)
    }

    public func destinationsChanged(in service: VirtualService) {
        let d = service.destinations
        // The kernel refuses to rebuild for more servers than slots and keeps the old table.
        if d.count > tableSize { return }
        var g: Int32 = 0
        var top: Int32 = 0
        for s in d where s.lastWeight > 0 {
            g = g > 0 ? gcd(s.lastWeight, g) : s.lastWeight
            top = max(top, s.lastWeight)
        }
        guard g >= 1 else {
            for i in 0..<tableSize { lookup[i] = nil }
            return
        }
        let significant = Int32.bitWidth - (top / g).leadingZeroBitCount
        let shift = Int32(max(0, significant - weightBits))
        let family = service.key.family
        let size = UInt32(tableSize)
        var offsets = [UInt32]()
        var skips = [UInt32]()
        var turns = [Int32]()
        offsets.reserveCapacity(d.count)
        skips.reserveCapacity(d.count)
        turns.reserveCapacity(d.count)
        for s in d {
            let key = UInt32(s.port) &+ KernelHash.fold(s.address, family: family)
            offsets.append(Self.offsetHash.hash(key) % size)
            skips.append(Self.skipHash.hash(key) % (size - 1) + 1)
            let lw = s.lastWeight
            let t = (lw / g) >> shift
            turns.append(t != 0 ? t : (lw != 0 ? 1 : 0))
        }
        var taken = [Bool](repeating: false, count: tableSize)
        var filled = 0
        var turn: Int32 = 0
        var next = offsets  // each server's next preferred slot
        outer: while filled < tableSize {
            var i = 0
            while i < d.count {
                if turns[i] < 1 {
                    i += 1
                    continue
                }
                var c = Int(next[i])
                while taken[c] {
                    next[i] += skips[i]
                    if next[i] >= size { next[i] -= size }
                    c = Int(next[i])
                }
                taken[c] = true
                lookup[c] = d[i]
                filled += 1
                if filled == tableSize { break outer }
                turn += 1
                if turn >= turns[i] {
                    turn = 0
                    i += 1
                }
            }
        }
    }

    @inline(__always)
    private static func slot(_ key: UInt32, offset: UInt32, tableSize: Int) -> Int {
        Int(Self.offsetHash.hash(offset &+ key) % UInt32(tableSize))
    }

    public func schedule(in service: VirtualService, request: ScheduleRequest, now: Instant) -> RealServer? {
        Self.pick(
            Self.key(request, flags: service.flags, family: service.key.family),
            fallback: service.flags.contains(.mhFallback), tableSize: tableSize, slot: { lookup[$0] },
            accepts: { $0.acceptsNewConnections })
    }

    /// The client's hash key (with mh-port, its port too).
    @inline(__always)
    static func key(_ request: ScheduleRequest, flags: ServiceFlags, family: InetAddress.Family) -> UInt32 {
        let port: UInt32 = flags.contains(.mhPort) ? UInt32(request.clientPort) : 0
        return port &+ KernelHash.fold(request.clientAddress, family: family)
    }

    /// ip_vs_mh_schedule over a table of `tableSize` slots whose slot `i` holds `slot(i)`.
    /// Shared with the lock-free shared scheduler (`SchedulingSnapshot`), so both pick alike.
    @inline(__always)
    static func pick<Server>(
        _ key: UInt32, fallback: Bool, tableSize: Int, slot: (Int) -> Server?, accepts: (Server) -> Bool
    ) -> Server? {
        let first = Self.slot(key, offset: 0, tableSize: tableSize)
        guard let s = slot(first) else { return nil }
        if accepts(s) { return s }
        guard fallback else { return nil }
        for offset in 0..<tableSize {
            let rotated = UInt32((offset + first) % tableSize)
            guard let t = slot(Self.slot(key, offset: rotated, tableSize: tableSize)) else { return nil }
            if accepts(t) { return t }
        }
        return nil
    }
}
