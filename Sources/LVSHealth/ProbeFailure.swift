/// Why one attempt of a check failed. `description` is the text operators see.
public enum ProbeFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The target answered the connection attempt with a reset (TCP) or nothing listens there.
    case connectionRefused
    /// The whole check (connect, request and full response) did not finish within the timeout.
    case timeout(seconds: Double)
    /// Connecting failed for another reason (no route, network down, bind failed...).
    case connectFailed(String)
    /// The connection broke while sending or receiving.
    case transportError(String)
    /// The TLS handshake or a TLS record failed.
    case tlsFailed(String)
    /// The server closed before a complete HTTP header arrived (keepalived: "no data received").
    case noResponse
    case httpStatus(code: Int, expected: String)
    case digestMismatch(expected: String, received: String)
    case regexMatched(pattern: String)
    case regexNotMatched(pattern: String)
    /// An ICMP destination unreachable (port, host or network) came back for a datagram.
    case unreachable(String)
    /// The UDP reply, DNS answer or SMTP reply did not satisfy the check.
    case unexpectedReply(String)
    case exitStatus(Int32)
    case killedBySignal(Int32)
    case killedAfterTimeout(seconds: Double)
    /// The program could not be started at all.
    case cannotRun(String)
    /// The check could not be attempted on this host (no ICMP socket permission, bad parameters).
    case cannotProbe(String)

    public var description: String {
        switch self {
        case .connectionRefused: "connection refused"
        case .timeout(let seconds): "timeout after \(Self.tenths(seconds)) s"
        case .connectFailed(let why): "connect failed: \(why)"
        case .transportError(let why): "connection error: \(why)"
        case .tlsFailed(let why): "TLS error: \(why)"
        case .noResponse: "no data received"
        case .httpStatus(let code, let expected): "HTTP status \(code) not in \(expected)"
        case .digestMismatch(let expected, let received): "digest mismatch (expected \(expected), got \(received))"
        case .regexMatched(let pattern): "regex \(pattern) matched (regex_no_match)"
        case .regexNotMatched(let pattern): "regex \(pattern) not matched"
        case .unreachable(let what): what
        case .unexpectedReply(let what): what
        case .exitStatus(let status): "exit status \(status)"
        case .killedBySignal(let signal): "killed by signal \(signal)"
        case .killedAfterTimeout(let seconds): "killed after misc_timeout \(Self.wholeOrTenths(seconds)) s"
        case .cannotRun(let why): "cannot run: \(why)"
        case .cannotProbe(let why): why
        }
    }

    /// "3.0": tenths of a second, as the timeout is usually configured in whole or half seconds.
    static func tenths(_ seconds: Double) -> String {
        let tenths = Int((min(max(0, seconds), 1e9) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// "5" for whole seconds (misc_timeout is an integer in keepalived.conf), tenths otherwise.
    static func wholeOrTenths(_ seconds: Double) -> String {
        seconds == seconds.rounded() && seconds < 1e9 ? "\(Int(seconds))" : tenths(seconds)
    }
}
