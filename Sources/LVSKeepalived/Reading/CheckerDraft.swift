import LVSVocabulary

/// A checker as written: its own settings plus the common ones still unset (nil).
struct CheckerDraft {
    var kind: CheckerKind
    var location: SourceLocation
    /// False for MISC_CHECK and FILE_CHECK.
    var connects: Bool
    var connectAddress: InetAddress?
    var connectPort: UInt16?
    var bindAddress: InetAddress?
    var bindPort: UInt16 = 0
    var bindInterface: String?
    var connectTimeout: KeepalivedDuration?
    var fwmark: UInt32 = 0
    var retry: UInt32?
    var delayBeforeRetry: KeepalivedDuration?
    var warmup: KeepalivedDuration?
    var delayLoop: KeepalivedDuration?
    var alpha: Bool?
    var logAllFailures = false

    init(kind: CheckerKind, location: SourceLocation) {
        self.kind = kind
        self.location = location
        switch kind {
        case .misc, .file: connects = false
        default: connects = true
        }
    }

    /// The type's own defaults (queue_checker and the checker handlers): retry 1 and
    /// delay_before_retry 1 s, except HTTP/SSL (3 s), DNS (retry 3, delay = delay_loop), MISC (retry 0).
    var defaultRetry: UInt32 {
        switch kind {
        case .dns: 3
        case .misc: 0
        default: 1
        }
    }

    func defaultDelayBeforeRetry(delayLoop: KeepalivedDuration) -> KeepalivedDuration {
        switch kind {
        case .http: .seconds(3)
        case .dns: delayLoop
        default: .seconds(1)
        }
    }
}
