import Logging
import NIOCore
import Synchronization

/// The control socket's open connections against its cap, and the connections refused for
/// it: counted, and logged at most once per `logInterval` so a flood cannot flood the log.
/// Privileged peers (root, CAP_NET_ADMIN) and the others each have `maximum` places, so
/// connections any local user can open (the abstract socket has no file mode) never lock the
/// administrator out.
public final class ControlConnectionCounter: Sendable {
    private struct State {
        var open = 0
        var openPrivileged = 0
        var refused = 0
        var exhausted = 0
        var refusedSinceLog = 0
        var lastLog: NIODeadline?
    }
    private let state = Mutex(State())
    public let maximum: Int
    let logInterval: TimeAmount

    public init(maximum: Int, logInterval: TimeAmount = .seconds(10)) {
        self.maximum = maximum
        self.logInterval = logInterval
    }

    /// Connections open now.
    public var open: Int { state.withLock { $0.open } }
    /// Connections refused since start because the cap was reached.
    public var refused: Int { state.withLock { $0.refused } }

    /// Connections refused because the process was out of descriptors (EMFILE/ENFILE).
    public var exhausted: Int { state.withLock { $0.exhausted } }

    func countExhausted() {
        state.withLock { $0.exhausted += 1 }
    }

    /// Takes a place for a new connection; false (counted, maybe logged) when none is left.
    func admit(privileged: Bool, logger: Logger, now: NIODeadline = .now()) -> Bool {
        let (admitted, toLog): (Bool, Int?) = state.withLock { s in
            if privileged ? s.openPrivileged < maximum : s.open - s.openPrivileged < maximum {
                s.open += 1
                if privileged { s.openPrivileged += 1 }
                return (true, nil)
            }
            s.refused += 1
            s.refusedSinceLog += 1
            if let last = s.lastLog, now - last < logInterval { return (false, nil) }
            s.lastLog = now
            defer { s.refusedSinceLog = 0 }
            return (false, s.refusedSinceLog)
        }
        if let count = toLog {
            logger.warning(
                "control socket at its connection cap: refusing new connections",
                metadata: [
                    "cap": "\(maximum)", "privileged": "\(privileged)", "refused since last report": "\(count)",
                ])
        }
        return admitted
    }

    func release(privileged: Bool) {
        state.withLock { s in
            s.open -= 1
            if privileged { s.openPrivileged -= 1 }
        }
    }
}
