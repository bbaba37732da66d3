import LVSVocabulary

#if canImport(Glibc)
import Glibc
#endif

/// CLOCK_MONOTONIC in milliseconds: the director's notion of `now`.
public enum MonotonicClock {
    public static func now() -> Instant {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Instant(milliseconds: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }
}
