import LVSVocabulary

/// twos: power of two choices (kernel ip_vs_twos.c, Linux 6.3+). Two servers are drawn at
/// random with probability by weight, and the one with the lower load per weight wins (the
/// first draw on a tie). The random source is injectable so tests can seed it.
public final class TwoChoicesScheduler: Scheduler {
    public static let name = "twos"
    private var random: any RandomNumberGenerator

    public convenience init() { self.init(random: SystemRandomNumberGenerator()) }

    public init(random: some RandomNumberGenerator) { self.random = random }

    public func destinationsChanged(in service: VirtualService) {}

    public func schedule(in service: VirtualService, request: ScheduleRequest, now: Instant) -> RealServer? {
        let servers = service.destinations
        var total: Int64 = 0
        for d in servers where d.acceptsNewConnections { total += Int64(d.weight) }
        guard total > 0 else { return nil }
        // The kernel draws from 0...total (inclusive): a draw of 0 lands on the first server.
        let bound = UInt64(total + 1)
        var first = Int64(UInt64(UInt32.random(in: .min ... .max, using: &random)) % bound)
        var second = Int64(UInt64(UInt32.random(in: .min ... .max, using: &random)) % bound)
        var choice1: RealServer?
        var choice2: RealServer?
        for d in servers where d.acceptsNewConnections {
            let w = Int64(d.weight)
            first -= w
            second -= w
            if first <= 0 && choice1 == nil { choice1 = d }
            if second <= 0 && choice2 == nil { choice2 = d }
            if choice1 != nil && choice2 != nil { break }
        }
        guard let a = choice1, let b = choice2 else { return choice1 ?? choice2 }
        if Int64(b.weight) &* a.load > Int64(a.weight) &* b.load { return b }
        return a
    }
}
