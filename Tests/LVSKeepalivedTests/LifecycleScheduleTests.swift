import LVSCore
import LVSKeepalived
import LVSVocabulary
import Testing

/// CheckerSchedule: keepalived's retry / delay_before_retry / delay_loop timing (tcp_epilog).
@Suite struct LifecycleScheduleTests {
    static func checker(retry: UInt32) -> HealthChecker {
        HealthChecker(
            kind: .tcp(TCPCheck()), connection: nil, retry: retry, delayBeforeRetry: .seconds(2),
            warmup: .seconds(10), delayLoop: .seconds(6),
            location: SourceLocation(file: "keepalived.conf", line: 1))
    }

    @Test func atStartOneFailureCounts() {
        var schedule = CheckerSchedule(Self.checker(retry: 2))
        let decision = schedule.probeCompleted(success: false, at: .seconds(100))
        #expect(decision == CheckerSchedule.Decision(report: true, nextProbe: .seconds(106)))
    }

    @Test func afterASuccessAFailureNeedsItsRetries() {
        var schedule = CheckerSchedule(Self.checker(retry: 2))
        #expect(schedule.probeCompleted(success: true, at: .seconds(0)).nextProbe == .seconds(6))
        #expect(
            schedule.probeCompleted(success: false, at: .seconds(6))
                == CheckerSchedule.Decision(report: false, nextProbe: .seconds(8)))
        #expect(schedule.probeCompleted(success: false, at: .seconds(8)).report == false)
        #expect(
            schedule.probeCompleted(success: false, at: .seconds(10))
                == CheckerSchedule.Decision(report: true, nextProbe: .seconds(16)))
        // A success during the retries resets them.
        _ = schedule.probeCompleted(success: false, at: .seconds(16))
        #expect(schedule.probeCompleted(success: true, at: .seconds(18)).report)
        #expect(schedule.probeCompleted(success: false, at: .seconds(24)).report == false)
    }

    @Test func withoutRetriesEveryFailureCounts() {
        var schedule = CheckerSchedule(Self.checker(retry: 0))
        _ = schedule.probeCompleted(success: true, at: .zero)
        #expect(schedule.probeCompleted(success: false, at: .seconds(6)).report)
    }

    @Test func firstProbeIsWithinTheWarmup() {
        let checker = Self.checker(retry: 1)
        #expect(CheckerSchedule.firstProbe(of: checker, at: .seconds(1), fraction: 0.5) == .seconds(6))
        #expect(CheckerSchedule.firstProbe(of: checker, at: .zero, fraction: .nan) == .zero)
        #expect(CheckerSchedule.firstProbe(of: checker, at: .zero, fraction: 7) == .seconds(10))
    }

    @Test func labDigestsAreMD5() {
        #expect(OracleMD5.hex("OK\n") == "d36f8f9425c4a8000ad9c4a97185aca5")
        #expect(OracleMD5.hex("") == "d41d8cd98f00b204e9800998ecf8427e")
    }
}
