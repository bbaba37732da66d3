import LVSVocabulary

/// An IPVS scheduler (kernel `struct ip_vs_scheduler`): picks a real server for a new
/// connection. One instance per virtual service; it may keep state (rr position, wrr weights,
/// sh/dh/mh tables, lblc caches) that `destinationsChanged` rebuilds.
public protocol Scheduler: AnyObject {
    /// The ipvsadm name (`-s NAME`).
    static var name: String { get }
    init()
    /// Called after the service's destination list, a weight or the service flags changed
    /// (kernel add_dest / upd_dest / del_dest hooks, and init_service).
    func destinationsChanged(in service: VirtualService)
    /// Picks a real server, or nil when none is eligible (the caller then answers ICMP
    /// port-unreachable). Eligible means available, not overloaded, weight > 0, unless a
    /// scheduler's kernel rules say otherwise.
    func schedule(in service: VirtualService, request: ScheduleRequest, now: Instant) -> RealServer?
}

extension Scheduler {
    public var name: String { Self.name }
}
