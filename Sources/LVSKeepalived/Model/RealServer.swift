import LVSVocabulary

/// `real_server ADDR [PORT] { }` with every setting effective: unset ones come from the virtual server.
public struct RealServer: Hashable, Sendable {
    public var address: InetAddress
    /// The virtual server's port when none was written; 0 for firewall-mark services not using NAT.
    public var port: UInt16
    public var weight: UInt32
    public var forwarding: ServerForwarding
    /// 0 = no limit.
    public var upperThreshold: UInt32
    public var lowerThreshold: UInt32
    public var inhibitOnFailure: Bool
    public var alpha: Bool
    public var notifyUp: NotifyScript?
    public var notifyDown: NotifyScript?
    /// nil: each checker uses its own type's default.
    public var retry: UInt32?
    public var delayBeforeRetry: KeepalivedDuration?
    public var warmup: KeepalivedDuration?
    public var connectTimeout: KeepalivedDuration
    public var delayLoop: KeepalivedDuration
    /// keepalived's default for real servers is yes (virtual servers: no), unless set globally.
    public var smtpAlert: Bool
    public var virtualhost: String?
    public var snmpName: String?
    public var checkers: [HealthChecker]
    public var location: SourceLocation

    public init(
        address: InetAddress, port: UInt16, weight: UInt32 = 1, forwarding: ServerForwarding = .nat,
        upperThreshold: UInt32 = 0, lowerThreshold: UInt32 = 0, inhibitOnFailure: Bool = false,
        alpha: Bool = false, notifyUp: NotifyScript? = nil, notifyDown: NotifyScript? = nil,
        retry: UInt32? = nil, delayBeforeRetry: KeepalivedDuration? = nil, warmup: KeepalivedDuration? = nil,
        connectTimeout: KeepalivedDuration = .seconds(5), delayLoop: KeepalivedDuration = .seconds(60),
        smtpAlert: Bool = true, virtualhost: String? = nil, snmpName: String? = nil,
        checkers: [HealthChecker] = [], location: SourceLocation
    ) {
        self.address = address
        self.port = port
        self.weight = weight
        self.forwarding = forwarding
        self.upperThreshold = upperThreshold
        self.lowerThreshold = lowerThreshold
        self.inhibitOnFailure = inhibitOnFailure
        self.alpha = alpha
        self.notifyUp = notifyUp
        self.notifyDown = notifyDown
        self.retry = retry
        self.delayBeforeRetry = delayBeforeRetry
        self.warmup = warmup
        self.connectTimeout = connectTimeout
        self.delayLoop = delayLoop
        self.smtpAlert = smtpAlert
        self.virtualhost = virtualhost
        self.snmpName = snmpName
        self.checkers = checkers
        self.location = location
    }
}
