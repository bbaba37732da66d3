import LVSKeepalived
import LVSVocabulary

/// The oracle's lab as the checkers see it (lib.sh): real servers rN at 198.18.1.1N and
/// 2001:db8:1::1N with busybox httpd on port 80 serving /www/rN, and misc.sh exiting with the
/// code `misc rN CODE [DELAY]` set, after DELAY seconds.
struct OracleLab {
    enum Outcome: Equatable {
        case result(success: Bool, dynamicWeight: UInt32?, reason: String?)
        /// No answer within the wait (a MISC_CHECK script still running).
        case pending
        /// This model cannot tell what the real checker would see.
        case unsupported(String)
    }

    var webUp: Set<Int> = [1, 2, 3]
    var miscCode: [Int: UInt32] = [:]
    var miscDelay: [Int: Double] = [:]
    var pages: [Int: [String: String]] = Dictionary(
        uniqueKeysWithValues: (1...3).map {
            ($0, ["/index.html": "i am r\($0)\n", "/health.html": "OK\n"])
        })

    /// A DSL page path (relative to /www/rN) as a URL path.
    static func webPath(_ path: String) -> String {
        path.hasPrefix("/") ? path : "/" + path
    }

    /// Which lab server an address is, if any.
    static func server(at address: InetAddress) -> Int? {
        for n in 1...3 {
            if address == InetAddress("198.18.1.1\(n)") || address == InetAddress("2001:db8:1::1\(n)") {
                return n
            }
        }
        return nil
    }

    func probe(_ checker: HealthChecker, waiting seconds: Double) -> Outcome {
        switch checker.kind {
        case .tcp:
            return .result(success: webAnswers(checker.connection), dynamicWeight: nil, reason: "connection refused")
        case .http(let http):
            guard let connection = checker.connection, webAnswers(connection),
                let n = Self.server(at: connection.address)
            else {
                return .result(success: false, dynamicWeight: nil, reason: "connection refused")
            }
            for url in http.urls {
                if url.regex != nil {
                    return .unsupported("HTTP_GET regex is not modelled")
                }
                let path = url.path == "/" ? "/index.html" : url.path
                let body = pages[n]?[path]
                let status: UInt16 = body != nil ? 200 : 404
                let accepted = url.statusCodes.isEmpty ? HTTPStatusCodes.defaultSuccess : url.statusCodes
                if !accepted.contains(status) {
                    return .result(success: false, dynamicWeight: nil, reason: "HTTP status code \(status)")
                }
                // busybox httpd's 404 page is not modelled: a digest is checked on pages that exist.
                if let digest = url.digest {
                    guard let body else { return .unsupported("HTTP_GET digest of a 404 page") }
                    if OracleMD5.hex(body) != digest.lowercased() {
                        return .result(success: false, dynamicWeight: nil, reason: "MD5 digest error")
                    }
                }
            }
            return .result(success: true, dynamicWeight: nil, reason: nil)
        case .misc(let misc):
            return miscOutcome(misc, delayLoop: checker.delayLoop, waiting: seconds)
        case .ping:
            let answers = checker.connection.flatMap { Self.server(at: $0.address) } != nil
            return .result(success: answers, dynamicWeight: nil, reason: "no echo reply")
        default:
            return .unsupported("\(checker.kind.keyword) is not modelled")
        }
    }

    private func webAnswers(_ connection: CheckerConnection?) -> Bool {
        guard let connection, let n = Self.server(at: connection.address) else { return false }
        return connection.port == 80 && webUp.contains(n)
    }

    private func miscOutcome(_ misc: MiscCheck, delayLoop: KeepalivedDuration, waiting seconds: Double) -> Outcome {
        let words = misc.command.split(separator: " ").map(String.init)
        guard words.count == 2, words[0] == "/etc/keepalived/misc.sh", let n = Int(words[1].dropFirst()) else {
            return .unsupported("misc_path \(misc.command) is not the lab's misc.sh")
        }
        let delay = miscDelay[n] ?? 0
        if delay >= seconds {
            return .pending
        }
        let timeout = misc.timeout.map(Double.init) ?? Double(delayLoop.microseconds) / 1_000_000
        if delay >= timeout {
            return .result(success: false, dynamicWeight: nil, reason: "timed out")
        }
        let code = miscCode[n] ?? 0
        if code == 0 {
            return .result(success: true, dynamicWeight: nil, reason: nil)
        }
        if misc.dynamic && code >= 2 && code <= 255 {
            return .result(success: true, dynamicWeight: code - 2, reason: nil)
        }
        return .result(success: false, dynamicWeight: nil, reason: "exited with status \(code)")
    }
}
