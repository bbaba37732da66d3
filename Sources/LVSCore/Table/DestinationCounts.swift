import Synchronization

/// A real server's connection counts and overload flag (kernel dest->activeconns, inactconns,
/// persistconns and IP_VS_DEST_F_OVERLOAD), the part of a server that every worker's engine
/// shares, as every CPU shares the kernel's: schedulers read it, and engines change it once per
/// connection event (bind, a state change between active and inactive, unbind), never per
/// packet. Atomic, as in the kernel, so no lock guards them.
public final class DestinationCounts: Sendable {
    let active = Atomic<Int32>(0)
    let inactive = Atomic<Int32>(0)
    let persistent = Atomic<Int32>(0)
    let overloaded = Atomic<Bool>(false)

    public init() {}

    public var activeConnections: Int32 { active.load(ordering: .relaxed) }
    public var inactiveConnections: Int32 { inactive.load(ordering: .relaxed) }
    public var persistentConnections: Int32 { persistent.load(ordering: .relaxed) }
    public var isOverloaded: Bool { overloaded.load(ordering: .relaxed) }

    /// A connection moved between active and inactive, was bound (+1) or let go (-1).
    @inline(__always) func add(active a: Int32 = 0, inactive i: Int32 = 0, persistent p: Int32 = 0) {
        if a != 0 { active.wrappingAdd(a, ordering: .relaxed) }
        if i != 0 { inactive.wrappingAdd(i, ordering: .relaxed) }
        if p != 0 { persistent.wrappingAdd(p, ordering: .relaxed) }
    }

    /// Active plus inactive (kernel ip_vs_dest_totalconns), what the thresholds count.
    var total: Int64 { Int64(activeConnections) + Int64(inactiveConnections) }
}
