/// What one attempt of a check found: the check's detail when it passed, or why it failed.
///
/// Probes never throw for anything the target did (refused, silent, wrong answer); those are
/// failures with a reason an operator can read in `lvs keepalived --status` and in the logs.
public enum ProbeOutcome<Detail: Sendable>: Sendable {
    case success(Detail)
    case failure(ProbeFailure)

    public var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }

    public var detail: Detail? {
        if case .success(let detail) = self { return detail }
        return nil
    }

    public var failure: ProbeFailure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }

    /// "ok", or the failure's reason.
    public var summary: String {
        switch self {
        case .success: "ok"
        case .failure(let failure): failure.description
        }
    }

    /// The same outcome with the detail transformed (evaluation helpers build on probe results).
    public func map<Other: Sendable>(_ transform: (Detail) -> Other) -> ProbeOutcome<Other> {
        switch self {
        case .success(let detail): .success(transform(detail))
        case .failure(let failure): .failure(failure)
        }
    }
}

extension ProbeOutcome: Equatable where Detail: Equatable {}
