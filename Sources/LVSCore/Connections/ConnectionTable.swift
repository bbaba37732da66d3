import CLVSPrefetch
import LVSVocabulary

/// The IPVS connection table: connections and persistence templates stored by value in one
/// growable array, found through two open-addressing indices, expired by a timer wheel.
///
/// - in index: (proto, client addr:port, virtual addr:port), for packets from clients;
///   templates live here too, under client port 0 (and proto 0 + fwmark for fwmark services);
/// - out index: (proto, real server addr:port, client addr:port), NAT connections only, for
///   replies from real servers.
///
/// Ids are Int32 slot numbers, valid until the entry is removed. No locks, no global state:
/// one owner (a data-plane worker or the engine) uses it. Because only one thread ever touches
/// a table, its stored properties skip the runtime's dynamic exclusivity checks: two
/// `swift_beginAccess` calls per lookup more than doubled a cold hit (220 ns to 97 ns at 10^6
/// entries, measured through a call the optimiser cannot inline).
public final class ConnectionTable {
    @exclusivity(unchecked) public private(set) var count = 0
    @exclusivity(unchecked) private(set) var entries: ContiguousArray<ConnectionEntry> = []
    /// Per slot, beside `entries` (kept out of the entry so it stays 104 bytes): when the sync
    /// master last queued the entry plus its timeout, in ms, with the retries of sync_retries in
    /// the low two bits (kernel sync_endtime). 0 for a new entry.
    @exclusivity(unchecked) private var syncEndTimes: ContiguousArray<Int64> = []
    @exclusivity(unchecked) private var freeHead: Int32 = -1
    /// The most entries the table will hold (the engine refuses new connections beyond it):
    /// the entry arrays grow by doubling up to here and no further, so a table at its limit
    /// holds `bytesPerEntry` per entry at most, not up to twice that.
    @exclusivity(unchecked) public var entryLimit = Int.max
    @exclusivity(unchecked) private var inIndex: ConnectionHashIndex
    @exclusivity(unchecked) private var outIndex: ConnectionHashIndex
    private let seed: UInt64
    /// Lookups announced by `prefetchLookup`/`prefetchLookupReply` whose index slot has been
    /// asked for but whose entry has not: the key's hash, plus `outIndexPrefetch` for the out
    /// index. Preallocated: announcing a lookup allocates nothing.
    @exclusivity(unchecked) private var pendingPrefetches = ContiguousArray<UInt64>(
        repeating: 0, count: ConnectionTable.prefetchBatch)
    @exclusivity(unchecked) private var pendingPrefetchCount = 0
    /// The most lookups announced before their entries are asked for (a worker's group of frames).
    public static let prefetchBatch = 16
    private static let outIndexPrefetch: UInt64 = 1 << 32

    /// Timer wheel: 4096 one-second slots (68 minutes per turn). Entries are filed under the
    /// slot of their expiry; a later expiry (every packet) does not move them, the wheel
    /// refiles them when it reaches them, so a packet only writes `expires`.
    static let slotMilliseconds: Int64 = 1000
    static let wheelSize = 4096
    @exclusivity(unchecked) private var wheel: [Int32]
    /// The slot time processed last by `collectDue`; entries are never filed before it.
    @exclusivity(unchecked) private var cursor: Int32 = 0

    public init(expectedCount: Int = 1024, seed: UInt64 = 0x5eed_1b5c_0de5_a1e5) {
        self.seed = seed
        entries.reserveCapacity(expectedCount)
        syncEndTimes.reserveCapacity(expectedCount)
        inIndex = ConnectionHashIndex(capacity: expectedCount * 2)
        outIndex = ConnectionHashIndex(capacity: 16)
        wheel = Array(repeating: -1, count: Self.wheelSize)
    }

    public subscript(id: Int32) -> ConnectionEntry {
        get { entries[Int(id)] }
        _modify { yield &entries[Int(id)] }
    }

    /// True if `id` names a live entry (ids from outside are checked, never trusted).
    public func contains(_ id: Int32) -> Bool {
        id >= 0 && Int(id) < entries.count && entries[Int(id)].flags.contains(.live)
    }

    // MARK: Hashing

    @inline(__always) private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let m = a.multipliedFullWidth(by: b)
        return m.high ^ m.low
    }

    @inline(__always)
    private func hash(
        _ proto: UInt8, _ aHigh: UInt64, _ aLow: UInt64, _ aPort: UInt16,
        _ bHigh: UInt64, _ bLow: UInt64, _ bPort: UInt16
    ) -> UInt32 {
        let p = UInt64(proto) << 32 | UInt64(aPort) << 16 | UInt64(bPort)
        var h = Self.mix(aHigh ^ seed, aLow ^ 0x9E37_79B9_7F4A_7C15)
        h = Self.mix(h ^ bHigh, bLow ^ 0xC2B2_AE3D_27D4_EB4F)
        h = Self.mix(h ^ p, 0x1656_67B1_9E37_79F9)
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }

    @inline(__always) private func inHash(_ e: ConnectionEntry) -> UInt32 {
        hash(e.proto, e.clientHigh, e.clientLow, e.clientPort, e.virtualHigh, e.virtualLow, e.virtualPort)
    }
    @inline(__always) private func outHash(_ e: ConnectionEntry) -> UInt32 {
        hash(e.proto, e.destHigh, e.destLow, e.destinationPort, e.clientHigh, e.clientLow, e.clientPort)
    }

    // MARK: Lookup

    /// The connection (not template) a client's packet belongs to, or -1.
    @inline(__always)
    public func lookup(
        proto: UInt8, client: InetAddress, clientPort: UInt16,
        virtual: InetAddress, virtualPort: UInt16
    ) -> Int32 {
        findIn(
            proto: proto, family: client.family.rawValue, client.high, client.low, clientPort,
            virtual.high, virtual.low, virtualPort, template: false)
    }

    /// A valid persistence template (kernel ip_vs_ct_in_get: not invalidated), or -1.
    /// `proto` 0 with `virtual` = the fwmark is the fwmark-service form.
    public func lookupTemplate(
        proto: UInt8, client: InetAddress, virtual: InetAddress,
        virtualPort: UInt16
    ) -> Int32 {
        findIn(
            proto: proto, family: client.family.rawValue, client.high, client.low, 0,
            virtual.high, virtual.low, virtualPort, template: true)
    }

    @inline(__always)
    private func findIn(
        proto: UInt8, family: UInt8, _ cHigh: UInt64, _ cLow: UInt64, _ cPort: UInt16,
        _ vHigh: UInt64, _ vLow: UInt64, _ vPort: UInt16, template: Bool
    ) -> Int32 {
        if pendingPrefetchCount != 0 { prefetchPendingEntries() }
        let h = hash(proto, cHigh, cLow, cPort, vHigh, vLow, vPort)
        let mask = inIndex.mask
        var i = ConnectionHashIndex.home(h, mask)
        return inIndex.slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { es in
                while true {
                    let s = slots[i]
                    if s == 0 { return -1 }
                    if ConnectionHashIndex.hash(s) == h {
                        let id = ConnectionHashIndex.id(s)
                        let e = es[Int(id)]
                        if e.clientLow == cLow && e.virtualLow == vLow
                            && e.clientHigh == cHigh && e.virtualHigh == vHigh
                            && e.clientPort == cPort && e.virtualPort == vPort && e.proto == proto
                            && e.familyRaw == family
                            && e.flags.contains(.template) == template
                            && (!template || e.destinationPort != 0xffff)
                        {
                            return id
                        }
                    }
                    i = (i &+ 1) & mask
                }
            }
        }
    }

    /// The NAT connection a real server's reply belongs to (source = real server, destination =
    /// client), or -1.
    public func lookupReply(
        proto: UInt8, server: InetAddress, serverPort: UInt16,
        client: InetAddress, clientPort: UInt16
    ) -> Int32 {
        if pendingPrefetchCount != 0 { prefetchPendingEntries() }
        let h = hash(proto, server.high, server.low, serverPort, client.high, client.low, clientPort)
        let mask = outIndex.mask
        var i = ConnectionHashIndex.home(h, mask)
        while true {
            let s = outIndex.slots[i]
            if s == 0 { return -1 }
            if ConnectionHashIndex.hash(s) == h {
                let id = ConnectionHashIndex.id(s)
                let e = entries[Int(id)]
                if e.destinationPort == serverPort && e.clientPort == clientPort && e.proto == proto
                    && e.destLow == server.low && e.destHigh == server.high
                    && e.clientLow == client.low && e.clientHigh == client.high
                    && e.destFamilyRaw == server.family.rawValue && e.familyRaw == client.family.rawValue
                {
                    return id
                }
            }
            i = (i &+ 1) & mask
        }
    }

    // MARK: Lookups announced ahead

    // At 10^6 entries a lookup is two dependent cache misses (the index slot, then the entry),
    // nearly all of its time. A worker that has a group of frames in hand announces their
    // lookups first: each announcement asks for the key's index slot without waiting for it;
    // the first real lookup after them (or a full batch) reads the slots, which have arrived
    // meanwhile, and asks for the entries they name, again without waiting. The misses of a
    // group overlap instead of following one another, and its lookups then find both lines in
    // the cache. An announcement changes nothing: a wrong or stale one only warms useless lines.

    /// Announces `lookup` of this key: asks for its index slot.
    @inline(__always)
    public func prefetchLookup(
        proto: UInt8, client: InetAddress, clientPort: UInt16,
        virtual: InetAddress, virtualPort: UInt16
    ) {
        let h = hash(proto, client.high, client.low, clientPort, virtual.high, virtual.low, virtualPort)
        inIndex.slots.withUnsafeBufferPointer {
            clvs_prefetch($0.baseAddress! + ConnectionHashIndex.home(h, inIndex.mask))
        }
        announce(UInt64(h))
    }

    /// Announces `lookupReply` of this key: asks for its out-index slot.
    @inline(__always)
    public func prefetchLookupReply(
        proto: UInt8, server: InetAddress, serverPort: UInt16,
        client: InetAddress, clientPort: UInt16
    ) {
        let h = hash(proto, server.high, server.low, serverPort, client.high, client.low, clientPort)
        outIndex.slots.withUnsafeBufferPointer {
            clvs_prefetch($0.baseAddress! + ConnectionHashIndex.home(h, outIndex.mask))
        }
        announce(UInt64(h) | Self.outIndexPrefetch)
    }

    @inline(__always)
    private func announce(_ pending: UInt64) {
        if pendingPrefetchCount == Self.prefetchBatch { prefetchPendingEntries() }
        pendingPrefetches[pendingPrefetchCount] = pending
        pendingPrefetchCount &+= 1
    }

    /// Asks for the entries of the announced lookups (each first slot in its probe run whose
    /// hash matches) and forgets the announcements. Any lookup does this first; returns how
    /// many entries it asked for.
    @discardableResult
    public func prefetchPendingEntries() -> Int {
        var asked = 0
        let pending = pendingPrefetchCount
        pendingPrefetchCount = 0
        pendingPrefetches.withUnsafeBufferPointer { announced in
            entries.withUnsafeBufferPointer { es in
                guard let base = es.baseAddress else { return }
                for k in 0..<pending {
                    let p = announced[k]
                    let h = UInt32(truncatingIfNeeded: p)
                    let id =
                        p & Self.outIndexPrefetch == 0
                        ? inIndex.firstCandidate(for: h) : outIndex.firstCandidate(for: h)
                    guard id >= 0 && Int(id) < es.count else { continue }
                    // The hot part of an entry (key, state, timer, destination) is its first 80
                    // bytes, on up to three cache lines.
                    let entry = UnsafeRawPointer(base + Int(id))
                    clvs_prefetch(entry)
                    clvs_prefetch(entry + 40)
                    clvs_prefetch(entry + 79)
                    asked &+= 1
                }
            }
        }
        return asked
    }

    // MARK: Insert / remove

    /// Stores an entry, due to expire at `expires` (ms). `indexReplies` files it in the out
    /// index too (NAT connections).
    @discardableResult
    public func insert(_ entry: ConnectionEntry, expires: Int64, indexReplies: Bool) -> Int32 {
        var e = entry
        e.flags.insert(.live)
        if indexReplies { e.flags.insert(.outIndexed) } else { e.flags.remove(.outIndexed) }
        e.expires = expires
        e.timerNext = -1
        e.timerPrev = -1
        e.timerSlot = -1
        let id: Int32
        if freeHead >= 0 {
            id = freeHead
            freeHead = entries[Int(id)].timerNext
            entries[Int(id)] = e
            syncEndTimes[Int(id)] = 0
        } else {
            id = Int32(truncatingIfNeeded: entries.count)
            if entries.count == entries.capacity && entries.count < entryLimit {
                let grown = min(max(16, entries.count * 2), entryLimit)
                entries.reserveCapacity(grown)
                syncEndTimes.reserveCapacity(grown)
            }
            entries.append(e)
            syncEndTimes.append(0)
        }
        if inIndex.needsGrowth { rebuildIndex(out: false, capacity: inIndex.capacity * 2) }
        inIndex.insert(hash: inHash(e), id: id)
        if indexReplies {
            if outIndex.needsGrowth { rebuildIndex(out: true, capacity: outIndex.capacity * 2) }
            outIndex.insert(hash: outHash(e), id: id)
        }
        link(id, slotOf(expires))
        count += 1
        return id
    }

    public func remove(_ id: Int32) {
        guard contains(id) else { return }
        let e = entries[Int(id)]
        inIndex.remove(hash: inHash(e), id: id)
        if e.flags.contains(.outIndexed) { outIndex.remove(hash: outHash(e), id: id) }
        unlink(id)
        var free = ConnectionEntry(
            proto: 0, client: InetAddress(v4: 0), clientPort: 0,
            virtual: InetAddress(v4: 0), virtualPort: 0,
            destination: InetAddress(v4: 0), destinationPort: 0)
        free.timerNext = freeHead
        entries[Int(id)] = free
        freeHead = id
        count -= 1
    }

    /// The sync master's mark for a live entry (see `syncEndTimes`).
    @inline(__always)
    func syncEndTime(_ id: Int32) -> Int64 { syncEndTimes[Int(id)] }

    @inline(__always)
    func setSyncEndTime(_ id: Int32, _ value: Int64) { syncEndTimes[Int(id)] = value }

    /// Files a stored entry in the out index too (a NAT connection learnt from a sync
    /// master); nothing when it is there already.
    public func indexReplies(_ id: Int32) {
        guard contains(id), !entries[Int(id)].flags.contains(.outIndexed) else { return }
        if outIndex.needsGrowth { rebuildIndex(out: true, capacity: outIndex.capacity * 2) }
        entries[Int(id)].flags.insert(.outIndexed)
        outIndex.insert(hash: outHash(entries[Int(id)]), id: id)
    }

    /// Kernel ip_vs_check_template's invalidation: the template keeps its slot until it expires
    /// but no longer matches (ports 0xffff, as 6.1 shows them in `ipvsadm -L -c`).
    public func invalidateTemplate(_ id: Int32) {
        guard contains(id), entries[Int(id)].flags.contains(.template) else { return }
        inIndex.remove(hash: inHash(entries[Int(id)]), id: id)
        entries[Int(id)].virtualPort = 0xffff
        entries[Int(id)].destinationPort = 0xffff
        entries[Int(id)].clientPort = 0
        inIndex.insert(hash: inHash(entries[Int(id)]), id: id)
    }

    private func rebuildIndex(out: Bool, capacity: Int) {
        if out { outIndex.removeAll(newCapacity: capacity) } else { inIndex.removeAll(newCapacity: capacity) }
        for i in entries.indices {
            let e = entries[i]
            guard e.flags.contains(.live) else { continue }
            if out {
                if e.flags.contains(.outIndexed) { outIndex.insert(hash: outHash(e), id: Int32(i)) }
            } else {
                inIndex.insert(hash: inHash(e), id: Int32(i))
            }
        }
    }

    // MARK: Timers

    @inline(__always) private func slotOf(_ ms: Int64) -> Int32 {
        let s = Int32(clamping: ms / Self.slotMilliseconds)
        return s < cursor ? cursor : s
    }

    private func link(_ id: Int32, _ slotTime: Int32) {
        let w = Int(slotTime) & (Self.wheelSize - 1)
        let head = wheel[w]
        entries[Int(id)].timerSlot = slotTime
        entries[Int(id)].timerPrev = -1
        entries[Int(id)].timerNext = head
        if head >= 0 { entries[Int(head)].timerPrev = id }
        wheel[w] = id
    }

    private func unlink(_ id: Int32) {
        let e = entries[Int(id)]
        guard e.timerSlot >= 0 || e.timerPrev >= 0 || e.timerNext >= 0 else { return }
        if e.timerPrev >= 0 {
            entries[Int(e.timerPrev)].timerNext = e.timerNext
        } else {
            let w = Int(e.timerSlot) & (Self.wheelSize - 1)
            if wheel[w] == id { wheel[w] = e.timerNext }
        }
        if e.timerNext >= 0 { entries[Int(e.timerNext)].timerPrev = e.timerPrev }
        entries[Int(id)].timerNext = -1
        entries[Int(id)].timerPrev = -1
        entries[Int(id)].timerSlot = -1
    }

    /// Restarts an entry's timer (every packet does this). A later expiry costs one store;
    /// an earlier one refiles the entry so it is not found late.
    @inline(__always)
    public func setExpiry(_ id: Int32, _ expires: Int64) {
        entries[Int(id)].expires = expires
        let s = slotOf(expires)
        if s < entries[Int(id)].timerSlot || entries[Int(id)].timerSlot < 0 {
            unlink(id)
            link(id, s)
        }
    }

    /// Takes every entry due at `now` off the wheel and appends its id to `due`; the caller
    /// then removes it or gives it a new expiry with `setExpiry`.
    public func collectDue(now: Int64, into due: inout [Int32]) {
        let target = Int32(clamping: now / Self.slotMilliseconds)
        if target < cursor { return }
        var t = cursor
        if Int(target) - Int(t) >= Self.wheelSize { t = target - Int32(Self.wheelSize) + 1 }
        while true {
            let w = Int(t) & (Self.wheelSize - 1)
            var i = wheel[w]
            while i >= 0 {
                let next = entries[Int(i)].timerNext
                let e = entries[Int(i)].expires
                if e <= now {
                    unlink(i)
                    due.append(i)
                } else {
                    let s = max(Int32(clamping: e / Self.slotMilliseconds), target)
                    if Int(s) & (Self.wheelSize - 1) != w || s != entries[Int(i)].timerSlot {
                        unlink(i)
                        link(i, s)
                    }
                }
                i = next
            }
            if t == target { break }
            t += 1
        }
        cursor = target
    }

    /// How many index slots a lookup of `id` reads (1 = found at its home slot).
    func probeLength(of id: Int32) -> Int {
        let h = inHash(entries[Int(id)])
        var i = ConnectionHashIndex.home(h, inIndex.mask)
        var n = 1
        while ConnectionHashIndex.id(inIndex.slots[i]) != id {
            i = (i + 1) & inIndex.mask
            n += 1
        }
        return n
    }

    // MARK: Iteration and memory

    /// Calls `body` for every live entry, in slot order.
    public func forEach(_ body: (Int32, ConnectionEntry) throws -> Void) rethrows {
        for i in entries.indices where entries[i].flags.contains(.live) {
            try body(Int32(i), entries[i])
        }
    }

    /// What one entry costs at most: itself, its sync mark, and up to four 8-byte slots in each
    /// of the two indices (kept at most half full, their sizes powers of two): 176 bytes. The
    /// connection limit's default and the defences' "available memory" are counted in it.
    public static let bytesPerEntry =
        MemoryLayout<ConnectionEntry>.stride + MemoryLayout<Int64>.stride + 2 * 4 * MemoryLayout<UInt64>.stride

    /// The default connection limit for a machine with `memoryBytes` of RAM: a quarter of it
    /// in entries. A quarter, because the limit must hold under a flood whatever else the
    /// machine runs: the director's rings and buffers, a listing of the full table
    /// (`ipvsadm -L -c` copies rows), the kernel's socket and page caches. 2 GiB of RAM gives
    /// about 3 million connections.
    public static func defaultLimit(memoryBytes: Int) -> Int {
        max(1024, memoryBytes / 4 / bytesPerEntry)
    }

    /// Bytes held by the table's arrays (entries at their capacity, both indices, the wheel).
    public var memoryFootprint: Int {
        entries.capacity * MemoryLayout<ConnectionEntry>.stride
            + syncEndTimes.capacity * MemoryLayout<Int64>.stride
            + (inIndex.capacity + outIndex.capacity) * MemoryLayout<UInt64>.stride
            + wheel.count * MemoryLayout<Int32>.stride
    }
}
