import LVSCore
import LVSVocabulary

/// A virtual server as written, before defaults and inheritance (nil = not written).
struct VirtualServerDraft {
    var address: VirtualServerAddress
    var location: SourceLocation
    var family: InetAddress.Family?
    var transportProtocol: TransportProtocol?
    var scheduler: String?
    var flags: ServiceFlags = []
    var forwarding: ServerForwarding?
    var persistenceTimeout: UInt32 = 0
    var persistenceGranularity: PersistenceGranularity?
    var persistenceEngine: String?
    var haSuspend = false
    var smtpAlert: Bool?
    var virtualhost: String?
    var snmpName: String?
    var alpha = false
    var omega = false
    var quorum: UInt32 = 1
    var hysteresis: UInt32 = 0
    var quorumUp: NotifyScript?
    var quorumDown: NotifyScript?
    var weight: UInt32 = 1
    var sorryServer: SorryServerDraft?
    var connectTimeout = KeepalivedDuration.seconds(5)
    var delayLoop = KeepalivedDuration.seconds(60)
    var retry: UInt32?
    var delayBeforeRetry: KeepalivedDuration?
    var warmup: KeepalivedDuration?
    var inhibitOnFailure = false
    var realServers: [RealServerDraft] = []

    init(address: VirtualServerAddress, location: SourceLocation) {
        self.address = address
        self.location = location
        if case .address(let ip, _) = address {
            family = ip.family
        }
    }
}

struct SorryServerDraft {
    var address: InetAddress
    var port: UInt16
    var forwarding: ServerForwarding?
    var inhibitOnFailure = false
}
