import LVSCore
import LVSVocabulary

/// `virtual_server ... { }` with every setting effective (defaults applied). Settings that also
/// exist on real servers are the real servers' defaults; retry, delay_before_retry and warmup
/// stay nil when not written, because the default then depends on the checker type.
public struct VirtualServer: Hashable, Sendable {
    public var address: VirtualServerAddress
    /// From the address, `ip_family`, persistence_granularity or the real servers; nil when a group mixes families.
    public var family: InetAddress.Family?
    /// nil for firewall-mark services (keepalived ignores `protocol` there).
    public var transportProtocol: TransportProtocol?
    /// `lvs_sched` (`lb_algo`): an ipvsadm scheduler name; keepalived's default is wlc.
    public var scheduler: String
    /// ops, flag-1..3, sh-port/sh-fallback, mh-port/mh-fallback.
    public var flags: ServiceFlags
    /// `lvs_method` (`lb_kind`): the real servers' default; keepalived's default is NAT.
    public var forwarding: ServerForwarding
    /// Seconds; 0 = not persistent. A bare `persistence_timeout` means 360.
    public var persistenceTimeout: UInt32
    public var persistenceGranularity: PersistenceGranularity?
    public var persistenceEngine: String?
    public var haSuspend: Bool
    public var smtpAlert: Bool
    public var virtualhost: String?
    public var snmpName: String?
    public var alpha: Bool
    public var omega: Bool
    public var quorum: UInt32
    public var hysteresis: UInt32
    public var quorumUp: NotifyScript?
    public var quorumDown: NotifyScript?
    /// The default weight of its real servers.
    public var weight: UInt32
    public var sorryServer: SorryServer?
    public var connectTimeout: KeepalivedDuration
    public var delayLoop: KeepalivedDuration
    public var retry: UInt32?
    public var delayBeforeRetry: KeepalivedDuration?
    public var warmup: KeepalivedDuration?
    public var inhibitOnFailure: Bool
    public var realServers: [RealServer]
    public var location: SourceLocation

    public init(
        address: VirtualServerAddress, family: InetAddress.Family?, transportProtocol: TransportProtocol?,
        scheduler: String = "wlc", flags: ServiceFlags = [], forwarding: ServerForwarding = .nat,
        persistenceTimeout: UInt32 = 0, persistenceGranularity: PersistenceGranularity? = nil,
        persistenceEngine: String? = nil, haSuspend: Bool = false, smtpAlert: Bool = false,
        virtualhost: String? = nil, snmpName: String? = nil, alpha: Bool = false, omega: Bool = false,
        quorum: UInt32 = 1, hysteresis: UInt32 = 0, quorumUp: NotifyScript? = nil,
        quorumDown: NotifyScript? = nil, weight: UInt32 = 1, sorryServer: SorryServer? = nil,
        connectTimeout: KeepalivedDuration = .seconds(5), delayLoop: KeepalivedDuration = .seconds(60),
        retry: UInt32? = nil, delayBeforeRetry: KeepalivedDuration? = nil, warmup: KeepalivedDuration? = nil,
        inhibitOnFailure: Bool = false, realServers: [RealServer] = [], location: SourceLocation
    ) {
        self.address = address
        self.family = family
        self.transportProtocol = transportProtocol
        self.scheduler = scheduler
        self.flags = flags
        self.forwarding = forwarding
        self.persistenceTimeout = persistenceTimeout
        self.persistenceGranularity = persistenceGranularity
        self.persistenceEngine = persistenceEngine
        self.haSuspend = haSuspend
        self.smtpAlert = smtpAlert
        self.virtualhost = virtualhost
        self.snmpName = snmpName
        self.alpha = alpha
        self.omega = omega
        self.quorum = quorum
        self.hysteresis = hysteresis
        self.quorumUp = quorumUp
        self.quorumDown = quorumDown
        self.weight = weight
        self.sorryServer = sorryServer
        self.connectTimeout = connectTimeout
        self.delayLoop = delayLoop
        self.retry = retry
        self.delayBeforeRetry = delayBeforeRetry
        self.warmup = warmup
        self.inhibitOnFailure = inhibitOnFailure
        self.realServers = realServers
        self.location = location
    }

    /// As keepalived names it in messages (format_vs): `[ADDR]:proto:PORT`, `FWM N`, `[GROUP]:0`.
    public var displayName: String {
        Self.displayName(address, transportProtocol)
    }

    static func displayName(_ address: VirtualServerAddress, _ proto: TransportProtocol?) -> String {
        switch address {
        case .address(let ip, let port): "[\(ip)]:\(protocolWord(proto)):\(port)"
        case .fwmark(let mark): "FWM \(mark)"
        case .group(let name): "[\(name)]:0"
        }
    }

    static func protocolWord(_ proto: TransportProtocol?) -> String {
        switch proto {
        case .tcp: "tcp"
        case .udp: "udp"
        case .sctp: "sctp"
        case nil: "none"
        }
    }
}
