import LVSCore
import LVSWire

/// MAC addresses a worker saw IPv4 hosts send from (source MAC of frames addressed to us, and
/// ARP senders), the fallback when the kernel's neighbour table has no entry yet. It is what
/// lets the first NAT reply to a new client leave at once instead of waiting for resolution:
/// the client's request came from the MAC its reply must go to (the client, or the router in
/// front of it).
///
/// Direct-mapped and fixed-size: recording and lookup allocate nothing, and a colliding entry
/// simply replaces the older one.
public struct LearnedNeighbours {
    struct Entry {
        var address: UInt32
        var interface: Int32
        var mac: MACAddress
    }

    private var entries: [Entry]
    private let mask: Int

    /// `capacity` is rounded up to a power of two.
    public init(capacity: Int = 4096) {
        var size = 1
        while size < max(1, capacity) { size <<= 1 }
        entries = Array(repeating: Entry(address: 0, interface: -1, mac: .zero), count: size)
        mask = size - 1
    }

    @inline(__always)
    private func slot(_ v4: UInt32) -> Int {
        Int(truncatingIfNeeded: (v4 &* 0x9E37_79B1) >> 16) & mask
    }

    @inline(__always)
    public mutating func record(_ address: InetAddress, mac: MACAddress, interface: Int) {
        guard address.isV4, address.v4 != 0, !mac.isMulticast, mac != .zero else { return }
        let i = slot(address.v4)
        entries[i] = Entry(address: address.v4, interface: Int32(truncatingIfNeeded: interface), mac: mac)
    }

    /// The MAC `address` was last seen sending from, and on which interface.
    @inline(__always)
    public func lookup(_ address: InetAddress) -> (mac: MACAddress, interface: Int)? {
        guard address.isV4 else { return nil }
        let e = entries[slot(address.v4)]
        guard e.interface >= 0, e.address == address.v4 else { return nil }
        return (e.mac, Int(e.interface))
    }
}
