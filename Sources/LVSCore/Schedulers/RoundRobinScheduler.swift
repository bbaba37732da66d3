import LVSVocabulary

/// rr: the next eligible server after the last one picked (kernel ip_vs_rr.c).
///
/// The kernel keeps a pointer into the service's list: the last pick, or the list head.
/// Here that is an index into `service.destinations`, remapped when the list changes.
public final class RoundRobinScheduler: Scheduler {
    public static let name = "rr"
    /// The last pick (nil = the list head) and its index in the service's list (-1 = head).
    @exclusivity(unchecked) private var last: RealServer?
    @exclusivity(unchecked) private var lastIndex = -1
    /// The list as of the last change: where a removed cursor used to be.
    private var known: [RealServer] = []

    public init() {}

    public func destinationsChanged(in service: VirtualService) {
        let now = service.destinations
        defer { known = now }
        guard let cursor = last else {
            lastIndex = -1
            return
        }
        if let i = now.firstIndex(where: { $0 === cursor }) {
            lastIndex = i
            return
        }
        // ip_vs_rr_del_dest: the cursor's server left the list; the kernel moves the cursor to
        // the entry before it, so the walk resumes where it would have.
        last = nil
        lastIndex = -1
        guard let old = known.firstIndex(where: { $0 === cursor }) else { return }
        for j in stride(from: old - 1, through: 0, by: -1) {
            if let i = now.firstIndex(where: { $0 === known[j] }) {
                last = known[j]
                lastIndex = i
                return
            }
        }
    }

    public func schedule(in service: VirtualService, request: ScheduleRequest, now: Instant) -> RealServer? {
        let d = service.destinations
        guard let i = Self.next(after: lastIndex, count: d.count, accepts: { d[$0].acceptsNewConnections }) else {
            return nil
        }
        last = d[i]
        lastIndex = i
        return d[i]
    }

    /// The kernel's walk: the next server after index `last` (-1: the list head) that `accepts`,
    /// round the list once; nil: none (the cursor stays). Shared with the lock-free shared
    /// scheduler (`SchedulingSnapshot`), so both pick in the same order.
    @inline(__always)
    static func next(after last: Int, count n: Int, accepts: (Int) -> Bool) -> Int? {
        guard n > 0 else { return nil }
        var i = last < n ? last : -1
        for _ in 0..<n {
            i += 1
            if i == n { i = 0 }
            if accepts(i) { return i }
        }
        return nil
    }

    /// The cursor's index in the service's list (-1: the list head).
    var cursorIndex: Int { lastIndex }

    /// Puts the cursor on index `index` of the service's list (-1: the list head): the shared
    /// scheduler's workers moved it without this instance.
    func moveCursor(to index: Int, in service: VirtualService) {
        let d = service.destinations
        if index >= 0 && index < d.count {
            last = d[index]
            lastIndex = index
        } else {
            last = nil
            lastIndex = -1
        }
    }
}
