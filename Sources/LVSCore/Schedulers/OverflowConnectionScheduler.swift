import LVSVocabulary

/// ovf: the highest-weight server whose active connections do not exceed its weight; the first
/// in list order wins ties (kernel ip_vs_ovf.c). Inactive connections do not count.
public final class OverflowConnectionScheduler: Scheduler {
    public static let name = "ovf"
    public init() {}
    public func destinationsChanged(in service: VirtualService) {}

    public func schedule(in service: VirtualService, request: ScheduleRequest, now: Instant) -> RealServer? {
        var best: RealServer?
        var bestWeight: Int32 = 0
        for d in service.destinations {
            let w = d.weight
            if d.isOverloaded || d.activeConnections > w || w == 0 { continue }
            if best == nil || w > bestWeight {
                best = d
                bestWeight = w
            }
        }
        return best
    }
}
