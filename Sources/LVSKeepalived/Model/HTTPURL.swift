/// A `url { }` of HTTP_GET/SSL_GET.
public struct HTTPURL: Hashable, Sendable {
    public var path: String
    /// The MD5 digest of the body, 32 lower-case hex digits.
    public var digest: String?
    public var statusCodes: HTTPStatusCodes
    /// Overrides the checker's, real server's and virtual server's virtualhost.
    public var virtualhost: String?
    /// A PCRE2 pattern the body must match (or, with `regexNoMatch`, must not).
    public var regex: String?
    public var regexNoMatch: Bool
    public var regexOptions: [String]
    public var regexMinOffset: UInt64?
    public var regexMaxOffset: UInt64?
    /// `regex_stack START MAX` (bytes).
    public var regexStack: RegexStack?
    public var location: SourceLocation

    public struct RegexStack: Hashable, Sendable {
        public var start: UInt64
        public var max: UInt64
        public init(start: UInt64, max: UInt64) {
            self.start = start
            self.max = max
        }
    }

    public init(
        path: String, digest: String? = nil, statusCodes: HTTPStatusCodes = .defaultSuccess,
        virtualhost: String? = nil, regex: String? = nil, regexNoMatch: Bool = false,
        regexOptions: [String] = [], regexMinOffset: UInt64? = nil, regexMaxOffset: UInt64? = nil,
        regexStack: RegexStack? = nil, location: SourceLocation
    ) {
        self.path = path
        self.digest = digest
        self.statusCodes = statusCodes
        self.virtualhost = virtualhost
        self.regex = regex
        self.regexNoMatch = regexNoMatch
        self.regexOptions = regexOptions
        self.regexMinOffset = regexMinOffset
        self.regexMaxOffset = regexMaxOffset
        self.regexStack = regexStack
        self.location = location
    }
}
