/// A url's `regex` with its `regex_no_match` and the options that have Swift Regex equivalents.
///
/// keepalived uses PCRE2 over the raw bytes; here the kept body is decoded as UTF-8 (invalid bytes
/// become U+FFFD) and matched with Swift Regex, whose syntax is PCRE's for the common cases.
public struct HTTPBodyPattern: Sendable, Equatable {
    public var pattern: String
    /// regex_no_match: a match fails the check.
    public var failsOnMatch: Bool
    /// regex_options words: caseless, multiline, dotall, extended, ungreedy are honoured.
    public var options: [String]

    public init(pattern: String, failsOnMatch: Bool = false, options: [String] = []) {
        self.pattern = pattern
        self.failsOnMatch = failsOnMatch
        self.options = options
    }

    /// Inline flags for the options Swift Regex knows.
    var inlineFlags: String {
        let flags = options.compactMap { option -> String? in
            switch option {
            case "caseless": "i"
            case "multiline": "m"
            case "dotall": "s"
            case "extended": "x"
            case "ungreedy": "U"
            default: nil
            }
        }
        return flags.isEmpty ? "" : "(?\(flags.joined()))"
    }

    /// Whether the pattern occurs in `body`; a pattern that does not compile is a cannotProbe failure.
    public func matches(_ body: some Sequence<UInt8>) throws(ProbeFailure) -> Bool {
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(inlineFlags + pattern)
        } catch {
            throw .cannotProbe("invalid regex \(pattern)")
        }
        let text = String(decoding: Array(body), as: UTF8.self)
        return text.contains(regex)
    }
}
