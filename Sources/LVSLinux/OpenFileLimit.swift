#if canImport(Glibc)
import Glibc
#endif

/// RLIMIT_NOFILE: how many descriptors the process may hold.
public enum OpenFileLimit {
    /// The soft limit (nil if it cannot be read).
    public static func current() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        return limit.rlim_cur == rlim_t.max ? Int.max : Int(clamping: limit.rlim_cur)
    }

    /// Raises the soft limit to the hard one (allowed without privilege); returns the new soft
    /// limit. A daemon that runs out of descriptors fails in places it cannot recover from
    /// (libdispatch needs them too), so it takes all it may have.
    @discardableResult
    public static func raiseToHardLimit() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return current()
    }
}
