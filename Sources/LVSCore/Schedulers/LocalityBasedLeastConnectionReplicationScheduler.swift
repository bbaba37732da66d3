import LVSVocabulary

/// lblcr: each destination address keeps a set of servers and uses the least loaded of them; a
/// busy pick (see lblc) adds the weighted least-connection server to the set, and a set that has
/// not changed for `expiration` loses its most loaded member (kernel ip_vs_lblcr.c).
public final class LocalityBasedLeastConnectionReplicationScheduler: Scheduler {
    public static let name = "lblcr"

    struct ServerSet {
        /// Newest first, as the kernel links them.
        var members: [RealServer]
        var lastModified: Instant
    }

    private var cache: LocalityCache<ServerSet>?
    private var byKey: [DestinationKey: RealServer] = [:]

    public init() {}

    /// Milliseconds an unused entry survives, and an unchanged set keeps all members
    /// (sysctl lblcr_expiration).
    public var expiration: Int64 = 24 * 60 * 60_000 {
        didSet { cache?.expiration = expiration }
    }

    /// The servers cached for a destination address, newest first (for tests and status).
    public func cachedServers(for address: InetAddress) -> [RealServer] {
        cache?[address]?.value.members ?? []
    }

    public func destinationsChanged(in service: VirtualService) {
        byKey = Dictionary(service.destinations.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        if cache == nil {
            cache = LocalityCache(family: service.key.family)
            cache?.expiration = expiration
        }
    }

    public func schedule(in service: VirtualService, request: ScheduleRequest, now: Instant) -> RealServer? {
        if cache == nil { destinationsChanged(in: service) }
        cache!.advance(to: now)
        let address = request.virtualAddress
        guard var entry = cache![address] else {
            guard let s = weightedLeastConnection(service.destinations) else { return nil }
            cache![address] = .init(value: ServerSet(members: [s], lastModified: now), lastUse: now)
            return s
        }
        entry.lastUse = now
        var set = entry.value
        var resolved: [RealServer] = []
        resolved.reserveCapacity(set.members.count)
        for m in set.members {
            let s = service.current(m, servers: byKey)
            if !resolved.contains(where: { $0 === s }) { resolved.append(s) }
        }
        set.members = resolved
        let least = Self.leastLoaded(set.members)
        if set.members.count > 1 && now - set.lastModified > expiration {
            if let most = Self.mostLoaded(set.members),
                let i = set.members.firstIndex(where: { $0 === most })
            {
                set.members.remove(at: i)
                set.lastModified = now
            }
        }
        defer {
            entry.value = set
            cache![address] = entry
        }
        if let least, !service.hasLessLoadedThan(least) { return least }
        guard let s = weightedLeastConnection(service.destinations) else { return nil }
        if !set.members.contains(where: { $0 === s }) {
            set.members.insert(s, at: 0)
            set.lastModified = now
        }
        return s
    }

    /// ip_vs_dest_set_min: weighted least-connection among the set's available members.
    static func leastLoaded(_ members: [RealServer]) -> RealServer? {
        var i = 0
        while i < members.count {
            let m = members[i]
            if !m.isOverloaded && m.weight > 0 && m.isAvailable { break }
            i += 1
        }
        guard i < members.count else { return nil }
        var least = members[i]
        var leastLoad = members[i].load
        for d in members[(i + 1)...] where !d.isOverloaded {
            let load = d.load
            if leastLoad &* Int64(d.weight) > load &* Int64(least.weight) && d.isAvailable {
                least = d
                leastLoad = load
            }
        }
        return least
    }

    /// ip_vs_dest_set_max: weighted most-connection among members of weight > 0.
    static func mostLoaded(_ members: [RealServer]) -> RealServer? {
        guard let i = members.firstIndex(where: { $0.weight > 0 }) else { return nil }
        var most = members[i]
        var mostLoad = members[i].load
        for d in members[(i + 1)...] {
            let load = d.load
            if mostLoad &* Int64(d.weight) < load &* Int64(most.weight) && d.weight > 0 {
                most = d
                mostLoad = load
            }
        }
        return most
    }
}
