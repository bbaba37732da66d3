import LVSVocabulary

/// A worker's memory of where its last packets to each address went: interface and MAC, valid
/// for one `NetworkView` generation. A packet to a real server then costs one slot compare
/// instead of a route scan and a hashed neighbour lookup; any change to the view (routes,
/// neighbours, addresses) bumps the generation and so empties the cache at once.
///
/// Direct-mapped with a fixed number of slots: a collision replaces the older address, which
/// only costs its next packet the full lookup. Allocation-free after init.
struct NextHopCache {
    struct Slot {
        var generation: UInt64 = .max
        var address = InetAddress(v4: 0)
        /// The neighbour the packets go to: `address` itself, or its route's gateway.
        var hop = InetAddress(v4: 0)
        var interface = 0
        var mac = MACAddress.zero
    }

    static let slotCount = 1024
    private var slots = ContiguousArray(repeating: Slot(), count: slotCount)

    @inline(__always)
    static func index(_ address: InetAddress) -> Int {
        // Fibonacci hashing of both halves: real servers often differ only in the last octet.
        let mixed = (address.low ^ (address.high &<< 1)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 54) & (slotCount - 1)
    }

    /// The cached hop to `address` if it was stored under `generation`.
    @inline(__always)
    func lookup(_ address: InetAddress, generation: UInt64) -> Slot? {
        let slot = slots[Self.index(address)]
        guard slot.generation == generation, slot.address == address else { return nil }
        return slot
    }

    @inline(__always)
    mutating func store(_ slot: Slot) {
        slots[Self.index(slot.address)] = slot
    }
}
