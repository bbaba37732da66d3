import LVSVocabulary

/// wlc: the lowest load per weight (kernel ip_vs_wlc.c).
public final class WeightedLeastConnectionScheduler: Scheduler {
    public static let name = "wlc"
    public init() {}
    public func destinationsChanged(in service: VirtualService) {}

    public func schedule(in service: VirtualService, request: ScheduleRequest, now: Instant) -> RealServer? {
        weightedLeastConnection(service.destinations)
    }
}

/// The kernel's weighted least-connection pick, shared by wlc, lblc and lblcr: start from the
/// first server that is not overloaded and has weight > 0, then replace it by any later one that
/// is not overloaded and strictly less loaded per weight (load_best*w_d > load_d*w_best). A later
/// server of weight 0 never wins that comparison.
func weightedLeastConnection(_ servers: [RealServer]) -> RealServer? {
    let n = servers.count
    var i = 0
    while i < n && !servers[i].acceptsNewConnections { i += 1 }
    guard i < n else { return nil }
    var least = servers[i]
    var leastLoad = least.load
    i += 1
    while i < n {
        let d = servers[i]
        i += 1
        if d.isOverloaded { continue }
        let load = d.load
        if leastLoad &* Int64(d.weight) > load &* Int64(least.weight) {
            least = d
            leastLoad = load
        }
    }
    return least
}
