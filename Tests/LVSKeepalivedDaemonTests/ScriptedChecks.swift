import LVSHealth
import LVSKeepalived
import LVSKeepalivedDaemon
import Synchronization

/// Check outcomes by real-server address, changeable while the daemon runs; counts attempts.
final class ScriptedChecks: Sendable {
    private let state = Mutex<(failing: Set<String>, attempts: [String: Int])>(([], [:]))

    func fail(_ address: String) { state.withLock { _ = $0.failing.insert(address) } }
    func recover(_ address: String) { state.withLock { _ = $0.failing.remove(address) } }
    func attempts(_ address: String) -> Int { state.withLock { $0.attempts[address] ?? 0 } }

    var runner: CheckAttemptRunner {
        { checker in
            let address = checker.connection?.address.description ?? "?"
            let failing = self.state.withLock { state -> Bool in
                state.attempts[address, default: 0] += 1
                return state.failing.contains(address)
            }
            return failing
                ? CheckAttemptResult(succeeded: false, reason: "connection refused")
                : CheckAttemptResult(succeeded: true, reason: "ok")
        }
    }
}
