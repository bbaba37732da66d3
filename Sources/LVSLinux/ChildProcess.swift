import CLVSLinux
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A background child. Kill and reap it with `terminate()`; dropping the handle without doing
/// so kills it too, so a failing test does not leave processes in a namespace.
public final class ChildProcess: Sendable {
    public let pid: pid_t
    private let exitStatus = Mutex<Int32?>(nil)

    init(pid: pid_t) { self.pid = pid }

    /// The exit status if the child has ended, without waiting.
    public func poll() -> Int32? {
        exitStatus.withLock { status in
            if status == nil {
                var raw: Int32 = 0
                if waitpid(pid, &raw, WNOHANG) == pid { status = Subprocess.decode(raw) }
            }
            return status
        }
    }

    /// Sends `signal` (unless the child was already reaped) and waits for the child to end.
    @discardableResult
    public func terminate(signal: Int32 = SIGTERM) -> Int32? {
        exitStatus.withLock { status in
            if status == nil {
                kill(pid, signal)
                status = try? Subprocess.waitForExit(pid)
            }
            return status
        }
    }

    /// Waits for the child to end.
    public func wait() -> Int32? {
        exitStatus.withLock { status in
            if status == nil { status = try? Subprocess.waitForExit(pid) }
            return status
        }
    }

    deinit { terminate(signal: SIGKILL) }
}
