import LVSControl
import LVSCore
import LVSDirector
import LVSLinux
import Logging
import ServiceLifecycle

/// Ends (and so stops the director, exit status 0) once a drain has run its course: no
/// connection is live any more (`DrainProgress`), or the drain's timeout has passed. Closing
/// ones (FIN_WAIT, TIME_WAIT) are not waited for: their clients have finished.
struct DrainWatch: Service {
    let state: DrainState
    /// How many connections are still in use (`DrainProgress`).
    let liveConnections: @Sendable () -> Int
    let logger: Logger

    /// The least a drain lasts, so the router has applied the withdrawal before the last
    /// packets it still sends here would meet a stopped director.
    static let minimumMilliseconds: Int64 = 1000

    func run() async throws {
        var began: Int64?
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: .milliseconds(state.isDraining ? 500 : 100))
            guard let stopsAt = state.stopsAt else { continue }
            let now = MonotonicClock.now().milliseconds
            if began == nil { began = now }
            guard let began, now - began >= Self.minimumMilliseconds else { continue }
            let active = liveConnections()
            if active == 0 {
                logger.notice("drained: no live connection left; stopping")
                return
            }
            if now >= stopsAt {
                logger.notice(
                    "drain timeout: stopping with connections still active", metadata: ["active": "\(active)"])
                return
            }
        }
    }
}
