import LVSVocabulary

/// lblc: each destination address keeps the server it was last given; a new address, or one
/// whose server is gone, quiesced, or busier than its weight while another server is under half
/// of its own, gets the weighted least-connection server (kernel ip_vs_lblc.c).
public final class LocalityBasedLeastConnectionScheduler: Scheduler {
    public static let name = "lblc"
    private var cache: LocalityCache<RealServer>?
    private var byKey: [DestinationKey: RealServer] = [:]

    public init() {}

    /// Milliseconds an unused cache entry survives (sysctl lblc_expiration).
    public var expiration: Int64 = 24 * 60 * 60_000 {
        didSet { cache?.expiration = expiration }
    }

    /// Cached destination addresses (for tests and status).
    public var cachedAddresses: Int { cache?.count ?? 0 }

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
        if var entry = cache![address] {
            entry.lastUse = now
            let s = service.current(entry.value, servers: byKey)
            entry.value = s
            cache![address] = entry
            if s.isAvailable && s.weight > 0 && !service.hasLessLoadedThan(s) { return s }
        }
        guard let s = weightedLeastConnection(service.destinations) else { return nil }
        if let entry = cache![address], entry.value === s { return s }
        // A changed server replaces the entry as a new one (ip_vs_lblc_new).
        cache![address] = .init(value: s, lastUse: now)
        return s
    }
}
