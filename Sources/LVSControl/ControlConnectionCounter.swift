import Logging
import NIOCore
import Synchronization

/// The control socket's open connections against its cap, and the connections refused for
/// it: counted, and logged at most once per `logInterval` so a flood cannot flood the log.
public final class ControlConnectionCounter: Sendable {
    private struct State {
        var open = 0
        var refused = 0
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

    /// Takes a place for a new connection; false (counted, maybe logged) when none is left.
    func admit(logger: Logger, now: NIODeadline = .now()) -> Bool {
        let (admitted, toLog): (Bool, Int?) = state.withLock { s in
            if s.open < maximum {
                s.open += 1
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
                metadata: ["cap": "\(maximum)", "refused since last report": "\(count)"])
        }
        return admitted
    }

    func release() {
        state.withLock { $0.open -= 1 }
    }
}
