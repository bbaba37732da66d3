import LVSVocabulary

/// lc: the server with the lowest load (active*256 + inactive); the first in list order wins
/// ties (kernel ip_vs_lc.c).
public final class LeastConnectionScheduler: Scheduler {
    public static let name = "lc"
    public init() {}
    public func destinationsChanged(in service: VirtualService) {}

    public func schedule(in service: VirtualService, request: ScheduleRequest, now: Instant) -> RealServer? {
        var least: RealServer?
        var leastLoad: Int64 = 0
        for d in service.destinations where d.acceptsNewConnections {
            let load = d.load
            if least == nil || load < leastLoad {
                least = d
                leastLoad = load
            }
        }
        return least
    }
}
