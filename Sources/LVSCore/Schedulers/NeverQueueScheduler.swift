import LVSVocabulary

/// nq: the first server with no active connection; otherwise as sed (kernel ip_vs_nq.c).
public final class NeverQueueScheduler: Scheduler {
    public static let name = "nq"
    public init() {}
    public func destinationsChanged(in service: VirtualService) {}

    public func schedule(in service: VirtualService, request: ScheduleRequest, now: Instant) -> RealServer? {
        var least: RealServer?
        var leastDelay: Int64 = 0
        for d in service.destinations where d.acceptsNewConnections {
            if d.activeConnections == 0 { return d }
            let delay = d.expectedDelayOverhead
            if let l = least, !(leastDelay &* Int64(d.weight) > delay &* Int64(l.weight)) { continue }
            least = d
            leastDelay = delay
        }
        return least
    }
}
