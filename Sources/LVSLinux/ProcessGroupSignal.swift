#if canImport(Glibc)
import Glibc
#endif

/// Signals to a whole process group: what a supervisor sends to a script started as a group
/// leader so that the children it forked go too.
public enum ProcessGroupSignal {
    public static let terminate = SIGTERM
    public static let kill = SIGKILL

    /// Sends `signal` to process group `group`. False when the group no longer exists (or we may
    /// not signal it); nothing else can be done about either.
    @discardableResult
    public static func send(_ signal: Int32, toGroup group: Int32) -> Bool {
        guard group > 1 else { return false }
        return Glibc.kill(-group, signal) == 0
    }

    /// Whether any process of `group` is still alive (zombies included: they keep the group).
    public static func exists(_ group: Int32) -> Bool {
        guard group > 1 else { return false }
        return Glibc.kill(-group, 0) == 0 || errno == EPERM
    }
}
