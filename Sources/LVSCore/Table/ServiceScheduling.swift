import LVSVocabulary
import Synchronization

/// One virtual service's scheduler state shared by every worker's engine, as the kernel's one
/// `struct ip_vs_service` is shared by every CPU: the scheduler instance (rr's position, wrr's
/// current weight, sh/mh tables, lblc/lblcr caches) runs on the lead table's copy of the
/// service, in whose servers' counts every worker's copy of them counts (`RealServer.sharesCounts`).
///
/// Persistence templates are shared too (`templates`): a client network scheduled on one
/// worker sticks to the same server on every worker, with any -M mask.
///
/// `lock` is taken to schedule a new connection and by the lead table to change the service;
/// never for a packet of an existing connection.
public final class ServiceScheduling: @unchecked Sendable {
    /// The lead table's service (its scheduler and servers); only touched under `lock`.
    let service: VirtualService
    let lock = Mutex(())
    /// Set when the lead deleted the service: a worker that has not yet deleted its copy (a
    /// batch reaches the workers in steps) schedules with its own state meanwhile, as before
    /// the deletion, rather than with the lead's emptied one.
    private let retiredFlag = Atomic<Bool>(false)
    var isRetired: Bool { retiredFlag.load(ordering: .acquiring) }
    func retire() { retiredFlag.store(true, ordering: .releasing) }

    /// The templates some worker holds, by name; only touched under `lock`.
    private var templates: [TemplateKey: SharedTemplate] = [:]

    init(service: VirtualService) {
        self.service = service
    }

    /// Picks a server with the shared scheduler; returns its key and place in the list, which
    /// name the caller's own copy of it (read under the lock: the lead table may be changing
    /// the service meanwhile).
    @inline(__always)
    func schedule(_ request: ScheduleRequest, now: Instant) -> (key: DestinationKey, positionFromEnd: Int)? {
        lock.withLock { _ in
            service.scheduler.schedule(in: service, request: request, now: now).map { ($0.key, $0.positionFromEnd) }
        }
    }

    /// Kernel ip_vs_sched_persist's template step for one worker without a usable template of
    /// its own: the server a template another worker holds names (unless it left the service,
    /// or is quiesced and `expireQuiescent`), else a new pick that the template then names.
    /// The caller holds the template from here on and lets it go with `releaseTemplate`.
    func scheduleTemplate(
        _ key: TemplateKey, _ request: ScheduleRequest, now: Instant, expireQuiescent: Bool
    ) -> DestinationKey? {
        lock.withLock { _ in
            if var t = templates[key], let d = service.destination(t.destination), d.isAvailable,
                !(expireQuiescent && d.weight == 0)
            {
                t.holders += 1
                templates[key] = t
                return t.destination
            }
            guard let d = service.scheduler.schedule(in: service, request: request, now: now) else { return nil }
            // An invalid template's holders still let go of it later: they stay counted.
            templates[key] = SharedTemplate(destination: d.key, holders: (templates[key]?.holders ?? 0) + 1)
            return d.key
        }
    }

    /// A worker's template for `key` expired, was deleted or invalidated.
    func releaseTemplate(_ key: TemplateKey) {
        lock.withLock { _ in
            guard var t = templates[key] else { return }
            t.holders -= 1
            templates[key] = t.holders > 0 ? t : nil
        }
    }

    /// How many templates the workers share (for tests).
    var templateCount: Int { lock.withLock { _ in templates.count } }

    /// The lead table's copy of server `key`, whose counts a worker's copy shares.
    func leadServer(_ key: DestinationKey) -> RealServer? {
        lock.withLock { _ in service.destination(key) }
    }
}
