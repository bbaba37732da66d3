import LVSVocabulary

/// fo: the server with the highest weight; the first in list order wins ties (kernel ip_vs_fo.c).
public final class WeightedFailoverScheduler: Scheduler {
    public static let name = "fo"
    public init() {}
    public func destinationsChanged(in service: VirtualService) {}

    public func schedule(in service: VirtualService, request: ScheduleRequest, now: Instant) -> RealServer? {
        var best: RealServer?
        var bestWeight: Int32 = 0
        for d in service.destinations where !d.isOverloaded && d.weight > bestWeight {
            best = d
            bestWeight = d.weight
        }
        return best
    }
}
