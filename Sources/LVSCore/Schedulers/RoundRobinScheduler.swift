/// rr: the next eligible server after the last one picked (kernel ip_vs_rr.c).
public final class RoundRobinScheduler: Scheduler {
    public static let name = "rr"
    /// Key of the last server picked; the walk resumes after it.
    private var last: DestinationKey?
    public init() {}

    public func destinationsChanged(in service: VirtualService) {
        // The kernel keeps its list cursor unless the cursor's own server is removed.
        if let last, service.destination(last) == nil { self.last = nil }
    }

    public func schedule(in service: VirtualService, request: ScheduleRequest, now: Instant) -> RealServer? {
        let d = service.destinations
        guard !d.isEmpty else { return nil }
        let start = last.flatMap { k in d.firstIndex { $0.key == k } }.map { $0 + 1 } ?? 0
        for step in 0..<d.count {
            let s = d[(start + step) % d.count]
            if !s.isOverloaded && s.weight > 0 {
                last = s.key
                return s
            }
        }
        return nil
    }
}
