import LVSCore

/// One worker's frame counters. Plain integers: a worker updates only its own, and readers sum
/// copies of the workers' counters (as the kernel sums per-CPU counters).
public struct DataPlaneCounters: Sendable, Equatable {
    /// Frames read from the rx rings.
    public var received: UInt64 = 0
    /// Frames queued on tx rings (forwarded packets, ARP replies, ICMP errors, announcements).
    public var transmitted: UInt64 = 0
    /// Of `transmitted`: ARP replies for VIPs and gratuitous ARPs.
    public var arpSent: UInt64 = 0
    /// Of `transmitted`: ICMP errors built by the director (port unreachable, frag needed, TTL).
    public var icmpSent: UInt64 = 0
    /// Frames not addressed to the director's MAC (flooded unicast, other hosts' traffic).
    public var notForUs: UInt64 = 0
    /// NAT replies handed to another worker's connection table and found there.
    public var deferredFound: UInt64 = 0
    /// TCP super-frames (GSO/GRO, larger than the egress MTU) sent as several segments.
    public var segmented: UInt64 = 0
    /// Indexed by `DirectorPass.index`.
    public var passed: [UInt64] = Array(repeating: 0, count: DirectorPass.count)
    /// Indexed by `DirectorDrop.index`.
    public var drops: [UInt64] = Array(repeating: 0, count: DirectorDrop.count)

    public init() {}

    @inline(__always) mutating func count(_ drop: DirectorDrop) { drops[drop.index] &+= 1 }
    mutating func count(_ drop: DirectorDrop, times n: UInt64) { drops[drop.index] &+= n }
    @inline(__always) mutating func count(_ pass: DirectorPass) { passed[pass.index] &+= 1 }

    public func dropped(_ drop: DirectorDrop) -> UInt64 { drops[drop.index] }
    public func passed(_ pass: DirectorPass) -> UInt64 { passed[pass.index] }
    public var totalDropped: UInt64 { drops.reduce(0, &+) }
    public var totalPassed: UInt64 { passed.reduce(0, &+) }

    public static func += (a: inout DataPlaneCounters, b: DataPlaneCounters) {
        a.received &+= b.received
        a.transmitted &+= b.transmitted
        a.arpSent &+= b.arpSent
        a.icmpSent &+= b.icmpSent
        a.notForUs &+= b.notForUs
        a.deferredFound &+= b.deferredFound
        a.segmented &+= b.segmented
        for i in a.passed.indices where i < b.passed.count { a.passed[i] &+= b.passed[i] }
        for i in a.drops.indices where i < b.drops.count { a.drops[i] &+= b.drops[i] }
    }

    /// Non-zero drop counters by label, for logs and tests.
    public var dropsByLabel: [String: UInt64] {
        var out: [String: UInt64] = [:]
        for (drop, v) in zip(DirectorDrop.all, drops) where v != 0 { out[drop.label] = v }
        return out
    }

    public var passedByLabel: [String: UInt64] {
        var out: [String: UInt64] = [:]
        for (pass, v) in zip(DirectorPass.all, passed) where v != 0 { out[pass.label] = v }
        return out
    }
}
