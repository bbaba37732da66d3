import LVSControl
import LVSCore
import Logging

/// The director's control service with `lvs drain` served here, by the daemon that owns the
/// BGP speaker and the process's lifetime; every other request goes to the table's service.
final class DrainingControlService: ControlService {
    private let inner: any ControlService
    private let state: DrainState
    private let logger: Logger

    init(_ inner: any ControlService, state: DrainState, logger: Logger) {
        self.inner = inner
        self.state = state
        self.logger = logger
    }

    func handle(_ request: ControlRequest) -> ControlResponse {
        guard case .drain(let timeoutSeconds) = request else { return inner.handle(request) }
        state.begin(timeoutSeconds: timeoutSeconds)
        logger.notice(
            "draining: VIPs withdrawn, serving established connections, then stopping",
            metadata: ["timeout-seconds": "\(timeoutSeconds)"])
        return .applied
    }

    func stream(_ request: ControlRequest, to respond: (ControlResponse) -> Bool) {
        if case .drain = request {
            _ = respond(handle(request))
        } else {
            inner.stream(request, to: respond)
        }
    }
}
