/// Schedulers by ipvsadm name, as the kernel registers them.
public enum SchedulerRegistry {
    /// Every scheduler type; add one here when adding a file.
    public static let all: [any Scheduler.Type] = [
        RoundRobinScheduler.self,
    ]

    public static func type(named name: String) -> (any Scheduler.Type)? {
        all.first { $0.name == name }
    }

    public static func make(_ name: String) -> (any Scheduler)? {
        type(named: name).map { $0.init() }
    }
}
