import LVSCore
import Logging

/// What the daemon does with one received request line: decode it, check the peer may make
/// it, re-validate every value (`ControlRequestValidation`), and only then let the service
/// see it. Pure apart from the service, so tests and the fuzz target run exactly this.
public enum ControlRequestServing {
    /// The most operations one batch may have (an `-R` of two million services with a real
    /// server each), so a client cannot hold the director's memory without end.
    public static let maximumBatch = 4 << 20

    /// Serves one line and hands each answer to `respond` as the service streams it (a listing
    /// in pieces; anything else one answer; an `.applyPart` none). `batch` holds the parts of
    /// the batch the connection is sending, applied all or none by the `.apply` that ends it.
    public static func serve(
        line: some Collection<UInt8>, peer: ControlPeer, policy: ControlAccessPolicy = ControlAccessPolicy(),
        service: any ControlService, batch: inout [AdminOperation], logger: Logger? = nil,
        respond: (ControlResponse) -> Bool
    ) {
        let codec = ControlCodec()
        let request: ControlRequest
        do {
            request = try codec.decodeRequest(line)
        } catch {
            logger?.warning("bad control request", metadata: ["peer": "\(peer)", "error": "\(error)"])
            _ = respond(.failure("bad request: \(error)"))
            return
        }
        guard policy.allows(request, from: peer) else {
            logger?.notice(
                "control request refused: not privileged",
                metadata: ["peer": "\(peer)", "readOnly": "\(request.isReadOnly)"])
            batch = []
            _ = respond(.failure(ControlAccessPolicy.refusal))
            return
        }
        do throws(ControlRequestViolation) {
            try ControlRequestValidation.check(request)
        } catch {
            logger?.warning("invalid control request refused", metadata: ["peer": "\(peer)", "why": "\(error)"])
            let held = batch.count
            batch = []
            // A batch answers as the kernel does for a value it cannot take (EINVAL, "Invalid
            // operation" in ipvsadm's words), naming the operation; nothing was applied.
            switch request {
            case .apply(let operations), .applyPart(let operations):
                if let i = error.operationIndex, operations.indices.contains(i) {
                    _ = respond(.rejected(IPVSTable.BatchError(refusing: operations[i], at: held + i, error: .einval)))
                    return
                }
            default:
                break
            }
            _ = respond(.failure("invalid request: \(error)"))
            return
        }
        switch request {
        case .applyPart(let operations):
            batch += operations
            if batch.count > maximumBatch {
                batch = []
                _ = respond(.failure("a batch of more than \(maximumBatch) operations"))
            }
        case .apply(let operations) where !batch.isEmpty:
            let whole = batch + operations
            batch = []
            service.stream(.apply(whole), to: respond)
        default:
            service.stream(request, to: respond)
        }
    }

    /// One line, one answer (the pieces of a listing gathered into one): for tests and tools.
    public static func serve(
        line: some Collection<UInt8>, peer: ControlPeer, policy: ControlAccessPolicy = ControlAccessPolicy(),
        service: any ControlService, logger: Logger? = nil
    ) -> ControlResponse {
        var batch: [AdminOperation] = []
        var answers = ControlAnswerGatherer()
        serve(line: line, peer: peer, policy: policy, service: service, batch: &batch, logger: logger) {
            answers.add($0)
            return true
        }
        return answers.answer
    }
}
