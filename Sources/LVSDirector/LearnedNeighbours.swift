import LVSCore
import LVSVocabulary
import LVSWire

/// MAC addresses a worker saw hosts (IPv4 and IPv6) send from (source MAC of frames addressed to us, and
/// ARP senders), the fallback when the kernel's neighbour table has no entry yet. It is what
/// lets the first NAT reply to a new client leave at once instead of waiting for resolution:
/// the client's request came from the MAC its reply must go to (the client, or the router in
/// front of it).
///
/// Direct-mapped and fixed-size: recording and lookup allocate nothing, and a colliding entry
/// simply replaces the older one.
public struct LearnedNeighbours {
    struct Entry {
        var address: InetAddress
        var interface: Int32
        var mac: MACAddress
    }

    private var entries: [Entry]
    private let mask: Int
    /// Bumped when a known address is seen from another MAC or interface (a host or a router
    /// replaced, a failover): hops resolved from here may have moved (`XDPOffloader` checks).
    public private(set) var moves: UInt64 = 0

    /// `capacity` is rounded up to a power of two.
    public init(capacity: Int = 4096) {
        var size = 1
        while size < max(1, capacity) { size <<= 1 }
        entries = Array(repeating: Entry(address: InetAddress(v4: 0), interface: -1, mac: .zero), count: size)
        mask = size - 1
    }

    @inline(__always)
    private func slot(_ a: InetAddress) -> Int {
        let folded = a.low ^ a.high &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: (folded &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    @inline(__always)
    public mutating func record(_ address: InetAddress, mac: MACAddress, interface: Int) {
        guard address.high != 0 || address.low != 0, !mac.isMulticast, mac != .zero else { return }
        let i = slot(address)
        let new = Entry(address: address, interface: Int32(truncatingIfNeeded: interface), mac: mac)
        let old = entries[i]
        if old.address == address && old.interface >= 0 && (old.mac != mac || old.interface != new.interface) {
            moves &+= 1
        }
        entries[i] = new
    }

    /// Records `address` only if it is known already: as the kernel treats its neighbour table,
    /// any ARP from a known host (a gratuitous one after its MAC changed, a failover's) moves it,
    /// while new hosts are learned only from frames meant for us.
    @inline(__always)
    public mutating func refresh(_ address: InetAddress, mac: MACAddress, interface: Int) {
        guard entries[slot(address)].address == address, entries[slot(address)].interface >= 0 else { return }
        record(address, mac: mac, interface: interface)
    }

    /// The MAC `address` was last seen sending from, and on which interface.
    @inline(__always)
    public func lookup(_ address: InetAddress) -> (mac: MACAddress, interface: Int)? {
        let e = entries[slot(address)]
        guard e.interface >= 0, e.address == address else { return nil }
        return (e.mac, Int(e.interface))
    }
}
