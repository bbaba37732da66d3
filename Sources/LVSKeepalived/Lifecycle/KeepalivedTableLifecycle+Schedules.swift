/// Checker schedules across a reload (migrate_checkers' retry_it rules).
extension KeepalivedTableLifecycle {
    /// The schedules for the checkers after `reload`, from those before it: a checker that goes
    /// on keeps its retry count (cut to one short of its new retry), a new one starts with its
    /// retries, except that one failure is enough for a not-yet-run checker of a failed server.
    public func schedulesAfterReload(_ previous: [CheckerKey: CheckerSchedule]) -> [CheckerKey: CheckerSchedule] {
        var schedules: [CheckerKey: CheckerSchedule] = [:]
        for key in checkerKeys {
            guard let checker = checker(key) else { continue }
            let migration = reloadMigration[key]
            var iteration: UInt32 = 0
            if let old = migration?.previous.flatMap({ previous[$0] }), old.retryIteration > 0, checker.retry > 0 {
                iteration = min(old.retryIteration, checker.retry - 1)
            }
            if migration?.oneFailureIsEnough == true {
                iteration = checker.retry
            }
            schedules[key] = CheckerSchedule(checker, retryIteration: iteration)
        }
        return schedules
    }
}
