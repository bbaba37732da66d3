/// Checker results (the common end of keepalived's checkers: tcp_epilog, misc_check_child_thread,
/// ...) and update_svr_checker_state / set_checker_state.
extension KeepalivedTableLifecycle {
    /// A checker's verdict after the caller's retry logic (see `CheckerSchedule`): every success,
    /// and a failure once the retries are used up.
    ///
    /// - dynamicWeight: for a MISC_CHECK with misc_dynamic, the weight an exit code of 2...255
    ///   asks for (code - 2); nil for exit 0, which restores the configured weight.
    /// - reason: why it failed, shown by `status`; for MISC_CHECK also in the log line as
    ///   keepalived words it: "exited with status N", "due to signal N", or "timed out".
    public mutating func checkerResult(
        _ key: CheckerKey, success: Bool, dynamicWeight: UInt32? = nil,
        reason: String? = nil
    ) -> [LifecycleAction] {
        guard !isStopped, let (v, r, c) = locate(key) else { return [] }
        let state = virtualServers[v].realServers[r].checkers[c]
        let names = (virtualServers[v].name(of: virtualServers[v].realServers[r]), virtualServers[v].name)
        if success {
            if case .misc = state.checker.kind {
                applyExitCode(v, r, c, state.isDynamicMisc ? dynamicWeight.map { min($0, 253) + 2 } ?? 0 : 0)
            }
            if !state.isUp || !state.hasRun {
                if let line = CheckerLogText.success(state.checker.kind, server: names.0, virtualServer: names.1) {
                    recorder.log(line)
                }
                updateServerCheckerState(v, r, c, alive: true)
            }
        } else {
            virtualServers[v].realServers[r].checkers[c].lastFailureReason = reason ?? "failed"
            if state.isUp || !state.hasRun {
                if case .misc = state.checker.kind, let code = Self.exitCode(reason) {
                    // keepalived takes the dynamic offset back without telling the kernel: the
                    // server leaves the pool anyway. (A script killed by a signal or the timeout
                    // leaves the weight as it was; only the offset is forgotten, below.)
                    virtualServers[v].realServers[r].effectiveWeight -= state.weightOffset
                    virtualServers[v].realServers[r].checkers[c].lastExitCode = code
                }
                if let line = CheckerLogText.failure(
                    state.checker.kind, server: names.0, virtualServer: names.1,
                    retry: state.checker.retry, afterRetries: state.hasRun,
                    reason: reason)
                {
                    recorder.log(line)
                }
                updateServerCheckerState(v, r, c, alive: false)
                virtualServers[v].realServers[r].checkers[c].weightOffset = 0
            }
        }
        virtualServers[v].realServers[r].checkers[c].hasRun = true
        return recorder.drain()
    }

    /// The exit code of a failed MISC_CHECK from its reason: "exited with status N", 1 when no
    /// reason is given, nil when the script did not exit (a signal, the timeout).
    static func exitCode(_ reason: String?) -> UInt32? {
        guard let reason else { return 1 }
        let prefix = "exited with status "
        guard reason.hasPrefix(prefix) else { return nil }
        return UInt32(reason.dropFirst(prefix.count)) ?? 1
    }

    /// misc_dynamic: a new exit code moves the server's weight to code - 2 (0: the configured weight).
    mutating func applyExitCode(_ v: Int, _ r: Int, _ c: Int, _ code: UInt32) {
        let state = virtualServers[v].realServers[r].checkers[c]
        guard code != state.lastExitCode else { return }
        let rs = virtualServers[v].realServers[r]
        let offset: Int64 = code == 0 ? 0 : Int64(code) - 2 - rs.configuredWeight
        virtualServers[v].realServers[r].checkers[c].weightOffset = offset
        virtualServers[v].realServers[r].checkers[c].lastExitCode = code
        updateServerWeight(v, r, to: rs.effectiveWeight - state.weightOffset + offset, updateQuorum: true)
    }

    /// update_svr_checker_state: a server goes up when its last failed checker recovers, down
    /// when its first checker fails.
    mutating func updateServerCheckerState(_ v: Int, _ r: Int, _ c: Int, alive: Bool) {
        let checker = virtualServers[v].realServers[r].checkers[c]
        if checker.isUp == alive {
            if !checker.hasRun {
                if checker.checker.alpha || !alive {
                    realServerNotifies(v, .real(r))
                }
                virtualServers[v].realServers[r].checkers[c].hasRun = true
            }
            return
        }
        virtualServers[v].realServers[r].checkers[c].hasRun = true
        let failed = virtualServers[v].realServers[r].failedCheckers
        if alive ? failed <= 1 : failed == 0 {
            performServerState(v, r, alive: alive)
        }
        setCheckerState(v, r, c, up: alive)
    }

    /// set_checker_state: the real server counts its failed checkers.
    mutating func setCheckerState(_ v: Int, _ r: Int, _ c: Int, up: Bool) {
        guard virtualServers[v].realServers[r].checkers[c].isUp != up else { return }
        virtualServers[v].realServers[r].checkers[c].isUp = up
        if !up {
            virtualServers[v].realServers[r].failedCheckers += 1
        } else if virtualServers[v].realServers[r].failedCheckers > 0 {
            virtualServers[v].realServers[r].failedCheckers -= 1
        }
    }
}
