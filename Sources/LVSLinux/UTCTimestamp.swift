#if canImport(Glibc)
import Glibc
#endif

/// The wall-clock time as RFC 3339 in UTC with milliseconds (`2026-12-05T03:07:27.123Z`), the
/// form log collectors read without a format string.
public enum UTCTimestamp {
    public static func now() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let millis = Int(now.tv_nsec / 1_000_000)
        let millisText = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour))"
            + ":\(two(parts.tm_min)):\(two(parts.tm_sec)).\(millisText)Z"
    }
}
