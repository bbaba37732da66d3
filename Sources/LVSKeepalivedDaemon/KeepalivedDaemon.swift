import LVSCore
import LVSHealth
import LVSKeepalived
import LVSVocabulary
import Logging

/// The running LVS half of keepalived: it owns the table lifecycle, one task per checker, and
/// performs what the lifecycle asks (table batches to the director, scripts, log lines, the
/// status file). The lifecycle decides; this only does the I/O and keeps time.
///
/// Every checker runs in its own task, so a slow or hanging server delays no other check; the
/// attempt itself is bounded by the checker's connect_timeout (see `CheckAttempt`).
public actor KeepalivedDaemon {
    public struct Environment: Sendable {
        /// The director's table (the control socket in production, an in-memory table in tests).
        public var control: any IPVSControl & Sendable
        public var attempt: CheckAttemptRunner
        public var runScript: NotifyScriptRunner
        /// Called with the status text after every change (the daemon writes the status file).
        public var publishStatus: @Sendable (KeepalivedStatus) -> Void
        public var now: @Sendable () -> Instant
        /// A number in 0...1 for the first probe's share of `warmup` (random in production).
        public var warmupFraction: @Sendable () -> Double
        public var logger: Logger

        public init(
            control: any IPVSControl & Sendable, attempt: @escaping CheckAttemptRunner,
            runScript: @escaping NotifyScriptRunner, publishStatus: @escaping @Sendable (KeepalivedStatus) -> Void,
            now: @escaping @Sendable () -> Instant, warmupFraction: @escaping @Sendable () -> Double,
            logger: Logger
        ) {
            self.control = control
            self.attempt = attempt
            self.runScript = runScript
            self.publishStatus = publishStatus
            self.now = now
            self.warmupFraction = warmupFraction
            self.logger = logger
        }
    }

    /// One checker's task and what it needs to know whether its results still count.
    struct RunningChecker {
        var checker: HealthChecker
        var schedule: CheckerSchedule
        var generation: UInt64
        var task: Task<Void, Never>
    }

    private let environment: Environment
    private var lifecycle: KeepalivedTableLifecycle?
    private var running: [CheckerKey: RunningChecker] = [:]
    private var nextGeneration: UInt64 = 0

    public init(environment: Environment) {
        self.environment = environment
    }

    /// Sets the table up for `configuration` (leaving what the director already holds as
    /// keepalived leaves the kernel's table) and starts every checker.
    public func start(_ configuration: KeepalivedConfiguration) throws(IPVSControlError) {
        let existing = try environment.control.snapshot(includeConnections: false)
        let (lifecycle, actions) = KeepalivedTableLifecycle.start(configuration, existingTable: existing)
        self.lifecycle = lifecycle
        perform(actions)
        reconcileCheckers()
        publishStatus()
    }

    /// Applies a new configuration: only the differences reach the table, and checkers whose
    /// settings did not change keep running with their state.
    public func reload(_ configuration: KeepalivedConfiguration) {
        guard var lifecycle else { return }
        environment.logger.info("Reloading configuration")
        let actions = lifecycle.reload(configuration)
        self.lifecycle = lifecycle
        perform(actions)
        reconcileCheckers()
        publishStatus()
    }

    /// Stops every checker and takes keepalived's services out of the table, as keepalived
    /// does when it stops.
    public func stop() {
        for (_, checker) in running { checker.task.cancel() }
        running.removeAll()
        guard var lifecycle else { return }
        let actions = lifecycle.stop()
        self.lifecycle = nil
        perform(actions)
    }

    public var status: KeepalivedStatus? { lifecycle?.status }

    /// `start` succeeded and `stop` has not run.
    public var isStarted: Bool { lifecycle != nil }

    // MARK: Checkers

    /// Starts tasks for new or changed checkers and ends those of checkers that are gone.
    private func reconcileCheckers() {
        guard let lifecycle else { return }
        var wanted: [CheckerKey: HealthChecker] = [:]
        for key in lifecycle.checkerKeys {
            if let checker = lifecycle.checker(key) { wanted[key] = checker }
        }
        for (key, runningChecker) in running where wanted[key] != runningChecker.checker {
            runningChecker.task.cancel()
            running[key] = nil
        }
        for key in lifecycle.checkerKeys where running[key] == nil {
            guard let checker = wanted[key] else { continue }
            startChecker(key, checker)
        }
    }

    private func startChecker(_ key: CheckerKey, _ checker: HealthChecker) {
        nextGeneration += 1
        let generation = nextGeneration
        let first = CheckerSchedule.firstProbe(
            of: checker, at: environment.now(),
            fraction: environment.warmupFraction())
        let environment = environment
        let task = Task { [weak self] in
            var next = first
            while !Task.isCancelled {
                let wait = next - environment.now()
                if wait > 0 {
                    do { try await Task.sleep(for: .milliseconds(wait)) } catch { return }
                }
                let result = await environment.attempt(checker)
                guard !Task.isCancelled, let self,
                    let following = await self.completed(key, generation: generation, result)
                else { return }
                next = following
            }
        }
        running[key] = RunningChecker(
            checker: checker, schedule: CheckerSchedule(checker), generation: generation,
            task: task)
    }

    /// A checker's attempt ended: the schedule says whether it counts yet (retries) and when to
    /// probe next. Nil when the checker no longer runs (reloaded away).
    private func completed(_ key: CheckerKey, generation: UInt64, _ result: CheckAttemptResult) -> Instant? {
        guard var runningChecker = running[key], runningChecker.generation == generation, lifecycle != nil
        else { return nil }
        let decision = runningChecker.schedule.probeCompleted(success: result.succeeded, at: environment.now())
        running[key] = runningChecker
        if !result.succeeded && runningChecker.checker.logAllFailures {
            environment.logger.info("check failed", metadata: ["checker": "\(key)", "reason": "\(result.reason)"])
        }
        if decision.report {
            // In place: a local copy of the lifecycle would be copied whole (every real server)
            // on write, at every check, which made the checkers' CPU grow with the pool's size.
            let actions =
                lifecycle?.checkerResult(
                    key, success: result.succeeded,
                    dynamicWeight: result.dynamicWeight,
                    reason: result.succeeded ? nil : result.reason) ?? []
            if !actions.isEmpty {
                perform(actions)
                publishStatus()
            }
        }
        return decision.nextProbe
    }

    // MARK: Actions

    private func perform(_ actions: [LifecycleAction]) {
        for action in actions {
            switch action {
            case .apply(let operations):
                guard !operations.isEmpty else { continue }
                do {
                    try environment.control.apply(operations)
                } catch {
                    environment.logger.error(
                        "the director refused a table change",
                        metadata: ["error": "\(error)", "operations": "\(operations.count)"])
                }
            case .runScript(let script, let arguments):
                environment.runScript(script, arguments)
            case .log(let line):
                environment.logger.info("\(line)")
            case .writeNotifyFifo(let line):
                environment.logger.debug("notify fifo (not written)", metadata: ["line": "\(line)"])
            }
        }
    }

    private func publishStatus() {
        if let lifecycle { environment.publishStatus(lifecycle.status) }
    }
}
