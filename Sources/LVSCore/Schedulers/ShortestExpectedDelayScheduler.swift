import LVSVocabulary

/// sed: the lowest (active+1)/weight; inactive connections do not count (kernel ip_vs_sed.c).
public final class ShortestExpectedDelayScheduler: Scheduler {
    public static let name = "sed"
    public init() {}
    public func destinationsChanged(in service: VirtualService) {}

    public func schedule(in service: VirtualService, request: ScheduleRequest, now: Instant) -> RealServer? {
        let servers = service.destinations
        let n = servers.count
        var i = 0
        while i < n && !servers[i].acceptsNewConnections { i += 1 }
        guard i < n else { return nil }
        var least = servers[i]
        var leastDelay = least.expectedDelayOverhead
        i += 1
        while i < n {
            let d = servers[i]
            i += 1
            if d.isOverloaded { continue }
            let delay = d.expectedDelayOverhead
            if leastDelay &* Int64(d.weight) > delay &* Int64(least.weight) {
                least = d
                leastDelay = delay
            }
        }
        return least
    }
}

extension RealServer {
    /// sed and nq count only active connections, plus the one being scheduled.
    var expectedDelayOverhead: Int64 { Int64(activeConnections) + 1 }
}
