import LVSVocabulary

/// A real server as written, before inheritance from its virtual server (nil = not written).
struct RealServerDraft {
    var address: InetAddress
    var port: UInt16
    var location: SourceLocation
    var weight: UInt32?
    var forwarding: ServerForwarding?
    var upperThreshold: UInt32 = 0
    var lowerThreshold: UInt32 = 0
    var inhibitOnFailure: Bool?
    var alpha: Bool?
    var notifyUp: NotifyScript?
    var notifyDown: NotifyScript?
    var retry: UInt32?
    var delayBeforeRetry: KeepalivedDuration?
    var warmup: KeepalivedDuration?
    var connectTimeout: KeepalivedDuration?
    var delayLoop: KeepalivedDuration?
    var smtpAlert: Bool?
    var virtualhost: String?
    var snmpName: String?
    var checkers: [CheckerDraft] = []
}
