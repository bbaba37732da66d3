import LVSVocabulary

/// When a checker probes next and whether a probe's outcome is reported, as keepalived's checkers
/// do it (tcp_epilog and its siblings): a failure is retried `retry` times, `delay_before_retry`
/// apart, before it counts; a success counts at once; then the next probe is `delay_loop` away.
public struct CheckerSchedule: Hashable, Sendable {
    public var retry: UInt32
    public var delayLoop: KeepalivedDuration
    public var delayBeforeRetry: KeepalivedDuration
    /// keepalived's retry_it. It starts at `retry`: at start one failure is enough; after the
    /// first success a failure needs its retries.
    public private(set) var retryIteration: UInt32

    /// What to do with a probe's outcome.
    public struct Decision: Hashable, Sendable {
        /// Pass the outcome to `KeepalivedTableLifecycle.checkerResult`; false while retrying.
        public var report: Bool
        public var nextProbe: Instant

        public init(report: Bool, nextProbe: Instant) {
            self.report = report
            self.nextProbe = nextProbe
        }
    }

    public init(_ checker: HealthChecker) {
        self.init(checker, retryIteration: checker.retry)
    }

    init(_ checker: HealthChecker, retryIteration: UInt32) {
        retry = checker.retry
        delayLoop = checker.delayLoop
        delayBeforeRetry = checker.delayBeforeRetry
        self.retryIteration = retryIteration
    }

    public mutating func probeCompleted(success: Bool, at now: Instant) -> Decision {
        if success || retryIteration >= retry {
            retryIteration = 0
            return Decision(report: true, nextProbe: now + Self.milliseconds(delayLoop))
        }
        retryIteration += 1
        return Decision(report: false, nextProbe: now + Self.milliseconds(delayBeforeRetry))
    }

    /// The first probe: keepalived waits a random part of `warmup`; `fraction` (0...1) is that part.
    public static func firstProbe(of checker: HealthChecker, at now: Instant, fraction: Double) -> Instant {
        let bounded = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        return now + Int64((Double(milliseconds(checker.warmup)) * bounded).rounded(.down))
    }

    static func milliseconds(_ duration: KeepalivedDuration) -> Int64 {
        Int64(clamping: duration.microseconds / 1000)
    }
}
