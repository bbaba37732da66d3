/// One checker of a real server with its effective timing: unset values come from the real
/// server, then from the checker type's default (check_data.c, validate_check_config).
public struct HealthChecker: Hashable, Sendable {
    public var kind: CheckerKind
    /// Where to connect; nil for MISC_CHECK and FILE_CHECK, which connect nowhere.
    public var connection: CheckerConnection?
    /// Extra attempts before a failure counts: 1 by default, 3 for DNS_CHECK, 0 for MISC_CHECK.
    public var retry: UInt32
    /// 3 s for HTTP_GET/SSL_GET, delay_loop for DNS_CHECK, 1 s otherwise.
    public var delayBeforeRetry: KeepalivedDuration
    /// At most this random delay before the first check; defaults to delay_loop.
    public var warmup: KeepalivedDuration
    public var delayLoop: KeepalivedDuration
    public var alpha: Bool
    public var logAllFailures: Bool
    public var location: SourceLocation

    public init(
        kind: CheckerKind, connection: CheckerConnection?, retry: UInt32, delayBeforeRetry: KeepalivedDuration,
        warmup: KeepalivedDuration, delayLoop: KeepalivedDuration, alpha: Bool = false,
        logAllFailures: Bool = false, location: SourceLocation
    ) {
        self.kind = kind
        self.connection = connection
        self.retry = retry
        self.delayBeforeRetry = delayBeforeRetry
        self.warmup = warmup
        self.delayLoop = delayLoop
        self.alpha = alpha
        self.logAllFailures = logAllFailures
        self.location = location
    }
}
