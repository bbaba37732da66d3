import CLVSLinux
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A plain OS thread for a data-plane worker (a loop over its own ring), optionally pinned to
/// one CPU. Not a Swift concurrency task: it blocks in poll and must not starve the pool.
public final class WorkerThread: Sendable {
    private let thread: pthread_t
    private let joined = Atomic<Bool>(false)

    /// Starts `body` on a new thread named `name`; if `cpu` is given the thread pins itself
    /// there first (a failure to pin is ignored: the worker still runs, unpinned).
    public init(name: String, cpu: Int? = nil, _ body: @escaping @Sendable () -> Void) throws(SystemCallError) {
        let entry = ThreadEntry {
            clvs_name_current_thread(name)
            if let cpu { _ = clvs_pin_current_thread(Int32(cpu)) }
            body()
        }
        thread = try entry.start()
    }

    /// Waits for the body to return. Call once; later calls return at once.
    public func join() {
        guard joined.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            return
        }
        pthread_join(thread, nil)
    }

    deinit {
        if !joined.load(ordering: .acquiring) { pthread_detach(thread) }
    }

    /// CPUs this process may run on (sysconf(_SC_NPROCESSORS_ONLN)).
    public static var onlineProcessors: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
