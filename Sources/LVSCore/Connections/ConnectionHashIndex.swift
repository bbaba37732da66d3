/// An open-addressing (linear probing) index from a 32-bit key hash to entry ids.
/// Each slot packs `hash << 32 | (id + 1)` in one word (0 = empty), so a probe reads one
/// array and compares the hash before touching the entry. Deletion shifts later entries back
/// instead of leaving tombstones, so probe chains never degrade over time.
struct ConnectionHashIndex {
    private(set) var slots: [UInt64]
    private(set) var mask: Int
    private(set) var count = 0

    init(capacity: Int) {
        var c = 16
        while c < capacity { c <<= 1 }
        slots = Array(repeating: 0, count: c)
        mask = c - 1
    }

    var capacity: Int { mask + 1 }
    /// Kept at most half full: short probe chains matter more than 8 bytes a slot.
    var needsGrowth: Bool { (count + 1) * 2 > capacity }

    @inline(__always) static func home(_ hash: UInt32, _ mask: Int) -> Int { Int(hash) & mask }
    @inline(__always) static func pack(_ hash: UInt32, _ id: Int32) -> UInt64 {
        UInt64(hash) << 32 | UInt64(UInt32(bitPattern: id &+ 1))
    }
    @inline(__always) static func id(_ slot: UInt64) -> Int32 {
        Int32(bitPattern: UInt32(truncatingIfNeeded: slot)) &- 1
    }
    @inline(__always) static func hash(_ slot: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: slot >> 32) }

    /// The id in the first slot of `hash`'s probe run filed under `hash`, or -1: most likely
    /// the entry a lookup of that key will compare (a prefetch's guess, never an answer).
    @inline(__always)
    func firstCandidate(for hash: UInt32) -> Int32 {
        slots.withUnsafeBufferPointer { slots in
            var i = Self.home(hash, mask)
            while true {
                let s = slots[i]
                if s == 0 { return -1 }
                if Self.hash(s) == hash { return Self.id(s) }
                i = (i &+ 1) & mask
            }
        }
    }

    mutating func insert(hash: UInt32, id: Int32) {
        var i = Self.home(hash, mask)
        while slots[i] != 0 { i = (i &+ 1) & mask }
        slots[i] = Self.pack(hash, id)
        count += 1
    }

    /// Removes the slot holding `id` (filed under `hash`); returns false if it was not there.
    @discardableResult
    mutating func remove(hash: UInt32, id: Int32) -> Bool {
        let want = Self.pack(hash, id)
        var i = Self.home(hash, mask)
        while true {
            let s = slots[i]
            if s == 0 { return false }
            if s == want { break }
            i = (i &+ 1) & mask
        }
        // Backward-shift: move later members of the cluster into the hole when their home
        // position allows it.
        var hole = i
        var j = i
        while true {
            j = (j &+ 1) & mask
            let s = slots[j]
            if s == 0 { break }
            let h = Self.home(Self.hash(s), mask)
            let movable = hole <= j ? (h <= hole || h > j) : (h <= hole && h > j)
            if movable {
                slots[hole] = s
                hole = j
            }
        }
        slots[hole] = 0
        count -= 1
        return true
    }

    mutating func removeAll(newCapacity: Int) {
        var c = 16
        while c < newCapacity { c <<= 1 }
        slots = Array(repeating: 0, count: c)
        mask = c - 1
        count = 0
    }
}
