import LVSCore
import LVSVocabulary

/// What a running director shows at one moment: its table (with counters and rates), the
/// IPVS-wide totals and its workers' counters. Read from the control service, never per packet.
public struct DirectorObservation: Sendable, Equatable {
    /// Services and real servers with their counters and rates (no connection entries).
    public var table: TableSnapshot
    /// IPVS-wide counters (the kernel's /proc/net/ip_vs_stats).
    public var totals: TrafficCounters
    /// Empty for a director that only holds the table (no --interface).
    public var workers: [WorkerObservation]
    /// Whether the nftables guard is on (nil: no forwarding, so no guard).
    public var kernelGuard: Bool?
    /// The connection-sync daemons' counters by name (e.g. "sent_messages"), when running.
    public var syncCounters: [String: UInt64]
    /// The service addresses the director answers (ARP/ND) and forwards now: a VIP a VRRP
    /// instance released (BACKUP) is missing. Nil without forwarding.
    public var answeredAddresses: Set<InetAddress>?
    /// Resolved next hops (real servers, gateways) by address, with their MAC and interface.
    public var neighbours: [ResolvedNeighbour]
    /// Next hops still being resolved.
    public var unresolvedNeighbours: [UnresolvedNeighbour]

    public init(
        table: TableSnapshot, totals: TrafficCounters, workers: [WorkerObservation] = [], kernelGuard: Bool? = nil,
        syncCounters: [String: UInt64] = [:], answeredAddresses: Set<InetAddress>? = nil,
        neighbours: [ResolvedNeighbour] = [], unresolvedNeighbours: [UnresolvedNeighbour] = []
    ) {
        self.table = table
        self.totals = totals
        self.workers = workers
        self.kernelGuard = kernelGuard
        self.syncCounters = syncCounters
        self.answeredAddresses = answeredAddresses
        self.neighbours = neighbours
        self.unresolvedNeighbours = unresolvedNeighbours
    }

    /// Every service address of the table (fwmark services have none), in table order.
    public var serviceAddresses: [InetAddress] {
        var seen = Set<InetAddress>()
        return table.services.compactMap { service in
            guard case .address(_, let address, _) = service.config.key, seen.insert(address).inserted else {
                return nil
            }
            return address
        }
    }

    /// The totals a director without its own (one that only holds the table) shows: its services' sums.
    public static func serviceTotals(_ table: TableSnapshot) -> TrafficCounters {
        var sum = TrafficCounters()
        for service in table.services { sum += service.counters }
        return sum
    }

    /// Drops by reason over all workers.
    public var drops: [String: UInt64] {
        workers.reduce(into: [:]) { sum, w in for (k, v) in w.drops { sum[k, default: 0] &+= v } }
    }

    /// Passes to the kernel by reason over all workers.
    public var passes: [String: UInt64] {
        workers.reduce(into: [:]) { sum, w in for (k, v) in w.passes { sum[k, default: 0] &+= v } }
    }
}
