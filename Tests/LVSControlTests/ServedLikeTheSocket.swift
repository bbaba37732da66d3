import LVSControl
import LVSCore
import LVSVocabulary

/// A control service reached as the daemon serves its socket: each request is encoded to its
/// line and goes through `ControlRequestServing` (decode, peer check, re-validation) to an
/// in-memory engine. ipvsadm run in-process against it sees what it would over the socket.
final class ServedLikeTheSocket: ControlService {
    let engine: EngineControlService
    let peer: ControlPeer
    let policy: ControlAccessPolicy

    init(
        engine: EngineControlService = EngineControlService(clock: { Instant(milliseconds: 1000) }),
        peer: ControlPeer = .root, policy: ControlAccessPolicy = ControlAccessPolicy()
    ) {
        self.engine = engine
        self.peer = peer
        self.policy = policy
    }

    func handle(_ request: ControlRequest) -> ControlResponse {
        guard let line = try? ControlCodec().encode(request) else { return .failure("cannot encode") }
        return ControlRequestServing.serve(line: line, peer: peer, policy: policy, service: engine)
    }
}
