import LVSLinux
import Synchronization

/// Whether `lvs drain` was asked, and until when connections may keep the director running.
final class DrainState: Sendable {
    private let deadline = Mutex<Int64?>(nil)

    /// Starts draining (a second request only moves the deadline) `timeoutSeconds` from now.
    func begin(timeoutSeconds: UInt32) {
        let until = MonotonicClock.now().milliseconds + Int64(timeoutSeconds) * 1000
        deadline.withLock { $0 = until }
    }

    var isDraining: Bool { deadline.withLock { $0 != nil } }

    /// The monotonic millisecond at which the director stops whatever is still open.
    var stopsAt: Int64? { deadline.withLock { $0 } }
}
