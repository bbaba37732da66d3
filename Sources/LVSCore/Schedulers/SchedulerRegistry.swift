/// Schedulers by ipvsadm name, as the kernel registers them.
public enum SchedulerRegistry {
    /// Every scheduler type; add one here when adding a file.
    nonisolated(unsafe) public static let all: [any Scheduler.Type] = [
        RoundRobinScheduler.self,
        WeightedRoundRobinScheduler.self,
        LeastConnectionScheduler.self,
        WeightedLeastConnectionScheduler.self,
        LocalityBasedLeastConnectionScheduler.self,
        LocalityBasedLeastConnectionReplicationScheduler.self,
        DestinationHashingScheduler.self,
        SourceHashingScheduler.self,
        ShortestExpectedDelayScheduler.self,
        NeverQueueScheduler.self,
        WeightedFailoverScheduler.self,
        OverflowConnectionScheduler.self,
        MaglevHashingScheduler.self,
        TwoChoicesScheduler.self,
    ]

    public static func type(named name: String) -> (any Scheduler.Type)? {
        all.first { $0.name == name }
    }

    public static func make(_ name: String) -> (any Scheduler)? {
        type(named: name).map { $0.init() }
    }
}
