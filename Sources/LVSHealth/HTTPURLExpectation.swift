import LVSKeepalived

/// What one `url { }` block requires of a response, judged in keepalived's order: status code,
/// then digest, then regex.
public struct HTTPURLExpectation: Sendable, Equatable {
    public var statusCodes: HTTPStatusCodes
    /// `digest`: 32 hex digits (compared case-insensitively).
    public var digest: String?
    public var bodyPattern: HTTPBodyPattern?

    public init(
        statusCodes: HTTPStatusCodes = .defaultSuccess, digest: String? = nil,
        bodyPattern: HTTPBodyPattern? = nil
    ) {
        self.statusCodes = statusCodes
        self.digest = digest
        self.bodyPattern = bodyPattern
    }

    public func evaluate(_ response: HTTPResponseSummary) -> ProbeOutcome<HTTPResponseSummary> {
        guard statusCodes.contains(status: response.statusCode) else {
            return .failure(.httpStatus(code: response.statusCode, expected: statusCodes.description))
        }
        if let digest, !Self.digestsEqual(digest, response.digest) {
            return .failure(.digestMismatch(expected: digest.lowercased(), received: response.digest))
        }
        if let bodyPattern {
            do {
                let matched = try bodyPattern.matches(response.body)
                if matched && bodyPattern.failsOnMatch { return .failure(.regexMatched(pattern: bodyPattern.pattern)) }
                if !matched && !bodyPattern.failsOnMatch {
                    return .failure(.regexNotMatched(pattern: bodyPattern.pattern))
                }
            } catch {
                return .failure(error)
            }
        }
        return .success(response)
    }

    public static func digestsEqual(_ configured: String, _ computed: String) -> Bool {
        configured.lowercased() == computed.lowercased()
    }
}
