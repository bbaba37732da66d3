import LVSCore
import Logging

/// What the daemon does with one received request line: decode it, check the peer may make
/// it, re-validate every value (`ControlRequestValidation`), and only then let the service
/// see it. Pure apart from the service, so tests and the fuzz target run exactly this.
public enum ControlRequestServing {
    public static func serve(
        line: some Collection<UInt8>, peer: ControlPeer, policy: ControlAccessPolicy = ControlAccessPolicy(),
        service: any ControlService, logger: Logger? = nil
    ) -> ControlResponse {
        let codec = ControlCodec()
        let request: ControlRequest
        do {
            request = try codec.decodeRequest(line)
        } catch {
            logger?.warning("bad control request", metadata: ["peer": "\(peer)", "error": "\(error)"])
            return .failure("bad request: \(error)")
        }
        guard policy.allows(request, from: peer) else {
            logger?.notice(
                "control request refused: not privileged",
                metadata: ["peer": "\(peer)", "readOnly": "\(request.isReadOnly)"])
            return .failure(ControlAccessPolicy.refusal)
        }
        do throws(ControlRequestViolation) {
            try ControlRequestValidation.check(request)
        } catch {
            logger?.warning("invalid control request refused", metadata: ["peer": "\(peer)", "why": "\(error)"])
            // A batch answers as the kernel does for a value it cannot take (EINVAL, "Invalid
            // operation" in ipvsadm's words), naming the operation; nothing was applied.
            if case .apply(let operations) = request, let i = error.operationIndex, operations.indices.contains(i) {
                return .rejected(IPVSTable.BatchError(refusing: operations[i], at: i, error: .einval))
            }
            return .failure("invalid request: \(error)")
        }
        return service.handle(request)
    }
}
