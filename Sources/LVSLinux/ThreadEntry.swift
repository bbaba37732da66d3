import CLVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// A closure run on a fresh pthread; the one place that crosses into pthread_create.
final class ThreadEntry {
    private let work: () -> Void

    init(_ work: @escaping () -> Void) { self.work = work }

    /// Starts a thread running `work`, then joins it.
    func runOnNewThreadAndWait() throws(SystemCallError) {
        let thread = try start()
        pthread_join(thread, nil)
    }

    /// Starts a detached-from-Swift thread running `work`; join it with `pthread_join`.
    func start() throws(SystemCallError) -> pthread_t {
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                let entry = Unmanaged<ThreadEntry>.fromOpaque(raw).takeRetainedValue()
                entry.work()
                return nil
            }, context)
        if rc != 0 {
            Unmanaged<ThreadEntry>.fromOpaque(context).release()
            throw SystemCallError(call: "pthread_create", errno: rc)
        }
        return thread
    }
}
