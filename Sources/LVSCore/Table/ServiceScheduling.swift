import LVSVocabulary
import Synchronization

/// One virtual service's scheduler state shared by every worker's engine, as the kernel's one
/// `struct ip_vs_service` is shared by every CPU: the scheduler instance (rr's position, wrr's
/// current weight, sh/mh tables, lblc/lblcr caches) runs on the lead table's copy of the
/// service, whose servers' `DestinationCounts`s every worker's copy of them shares.
///
/// `lock` is taken to schedule a new connection and by the lead table to change the service;
/// never for a packet of an existing connection.
public final class ServiceScheduling: @unchecked Sendable {
    /// The lead table's service (its scheduler and servers); only touched under `lock`.
    let service: VirtualService
    let lock = Mutex(())

    init(service: VirtualService) {
        self.service = service
    }

    /// Picks a server with the shared scheduler; returns the lead table's server, whose key
    /// names the caller's own copy of it.
    @inline(__always)
    func schedule(_ request: ScheduleRequest, now: Instant) -> RealServer? {
        lock.withLock { _ in service.scheduler.schedule(in: service, request: request, now: now) }
    }

    /// The lead table's counts for `key`, for a worker's copy of that server to share.
    func counts(of key: DestinationKey) -> DestinationCounts? {
        lock.withLock { _ in service.destination(key)?.counts }
    }
}
