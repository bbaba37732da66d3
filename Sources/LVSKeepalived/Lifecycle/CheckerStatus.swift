/// One checker in `KeepalivedStatus`.
public struct CheckerStatus: Hashable, Sendable {
    public var key: CheckerKey
    /// TCP_CHECK, HTTP_GET, MISC_CHECK, ...
    public var keyword: String
    public var isUp: Bool
    public var hasRun: Bool
    public var lastFailureReason: String?

    public init(key: CheckerKey, keyword: String, isUp: Bool, hasRun: Bool, lastFailureReason: String? = nil) {
        self.key = key
        self.keyword = keyword
        self.isUp = isUp
        self.hasRun = hasRun
        self.lastFailureReason = lastFailureReason
    }
}
