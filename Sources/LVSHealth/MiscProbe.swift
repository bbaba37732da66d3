import LVSLinux
import Logging

/// MISC_CHECK: runs the script and reports its exit status; `MiscExitStatus` turns the status
/// into success, failure or a misc_dynamic weight.
///
/// The script runs as the leader of its own process group. At `timeout` the group gets SIGTERM,
/// `terminationGrace` later SIGKILL if the script still runs (keepalived waits 2 s too), and once
/// the script is reaped after a timeout the group gets SIGKILL, so children it forked do not
/// outlive it. A script that exits on its own ends the check at once, even if a child it put in the
/// background keeps running (that child is not ours to reap: it goes to init, as in keepalived).
public struct MiscProbe: Sendable {
    /// misc_path split into words (`MiscCommandLine.split`); the first is the program.
    public var arguments: [String]
    /// misc_timeout (keepalived uses the virtual server's delay_loop when unset).
    public var timeout: Duration
    /// `user`: run as this uid, and gid (primary group, or GROUPNAME). Needs root.
    public var userID: UInt32?
    public var groupID: UInt32?
    public var terminationGrace: Duration

    public init(
        arguments: [String], timeout: Duration, userID: UInt32? = nil, groupID: UInt32? = nil,
        terminationGrace: Duration = .seconds(2)
    ) {
        self.arguments = arguments
        self.timeout = timeout
        self.userID = userID
        self.groupID = groupID
        self.terminationGrace = terminationGrace
    }

    /// The exit status when the script exited by itself, whatever the status.
    public func run(logger: Logger = HealthLogging.defaultLogger) async -> ProbeOutcome<Int32> {
        let processGroup = LaunchedProcessGroup()
        let outcome = await withTaskGroup(of: Event.self) { group -> ProbeOutcome<Int32> in
            group.addTask {
                .ended(
                    await ScriptLaunch.run(arguments, userID: userID, groupID: groupID) { pid in
                        processGroup.record(pid)
                    })
            }
            group.addTask { await Self.sleep(timeout, then: .deadline) }
            var timedOut = false
            while let event = await group.next() {
                switch event {
                case .ended(let end):
                    group.cancelAll()
                    if timedOut {
                        // The script is gone; its children may not be.
                        if let pgid = processGroup.id {
                            ProcessGroupSignal.send(ProcessGroupSignal.kill, toGroup: pgid)
                        }
                        return .failure(.killedAfterTimeout(seconds: timeout.seconds))
                    }
                    return Self.outcome(of: end)
                case .deadline:
                    timedOut = true
                    if let pgid = processGroup.id {
                        logger.info("misc script timed out", metadata: ["script": "\(arguments.first ?? "")"])
                        ProcessGroupSignal.send(ProcessGroupSignal.terminate, toGroup: pgid)
                    }
                    group.addTask { await Self.sleep(terminationGrace, then: .graceOver) }
                case .graceOver:
                    if let pgid = processGroup.id {
                        ProcessGroupSignal.send(ProcessGroupSignal.kill, toGroup: pgid)
                    }
                    // Ask again later should the kill not have been possible yet (no pid known).
                    group.addTask { await Self.sleep(terminationGrace, then: .graceOver) }
                }
            }
            return .failure(.cannotRun("script monitor ended"))
        }
        if case .failure(let failure) = outcome {
            logger.debug("misc check failed", metadata: ["script": "\(arguments.first ?? "")", "reason": "\(failure)"])
        }
        return outcome
    }

    /// Runs the script and applies misc_dynamic: the whole MISC_CHECK attempt.
    public func check(
        dynamic: Bool,
        logger: Logger = HealthLogging.defaultLogger
    ) async -> ProbeOutcome<MiscExitStatus.Verdict> {
        switch await run(logger: logger) {
        case .failure(let failure):
            return .failure(failure)
        case .success(let status):
            let verdict = MiscExitStatus.verdict(status: status, dynamic: dynamic)
            return verdict == .failure ? .failure(.exitStatus(status)) : .success(verdict)
        }
    }

    private enum Event: Sendable {
        case ended(ScriptLaunch.End)
        case deadline
        case graceOver
    }

    private static func sleep(_ duration: Duration, then event: Event) async -> Event {
        try? await Task.sleep(for: duration)
        return event
    }

    private static func outcome(of end: ScriptLaunch.End) -> ProbeOutcome<Int32> {
        switch end {
        case .exited(let status): .success(status)
        case .signaled(let signal): .failure(.killedBySignal(signal))
        case .couldNotStart(let why): .failure(.cannotRun(why))
        }
    }
}
