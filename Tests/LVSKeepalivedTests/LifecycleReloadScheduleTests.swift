import LVSKeepalived
import Testing

/// Schedules across a reload (migrate_checkers).
@Suite struct LifecycleReloadScheduleTests {
    @Test func retriesCarryOverAndNewCheckersStartAfresh() throws {
        let harness = try LifecycleHarness(virtualServerBlock("198.18.1.100", servers: [(1, 1, []), (2, 1, [])]))
        try harness.allPass()
        var schedules: [CheckerKey: CheckerSchedule] = [:]
        for key in harness.lifecycle.checkerKeys {
            var schedule = CheckerSchedule(try #require(harness.lifecycle.checker(key)))
            _ = schedule.probeCompleted(success: true, at: .zero)
            schedules[key] = schedule
        }
        // r1 is between a failed probe and its retry.
        let r1 = harness.checkers(at: "198.18.1.11")[0]
        _ = schedules[r1]?.probeCompleted(success: false, at: .zero)
        #expect(schedules[r1]?.retryIteration == 1)
        try harness.reload(virtualServerBlock("198.18.1.100", servers: [(1, 1, []), (3, 1, [])]))
        let after = harness.lifecycle.schedulesAfterReload(schedules)
        // retry 1: one short of the retries, so the next failure counts.
        #expect(after[r1]?.retryIteration == 0)
        let r3 = harness.checkers(at: "198.18.1.13")[0]
        #expect(after[r3]?.retryIteration == 0)
        #expect(after.count == 2)
    }
}
