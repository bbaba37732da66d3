import LVSVocabulary

/// One change to the IPVS table: what one ipvsadm command asks of the kernel.
public enum AdminOperation: Hashable, Sendable, Codable {
    case addService(ServiceConfig)
    case editService(ServiceConfig)
    case deleteService(ServiceKey)
    /// `-C`: remove every service.
    case clear
    case addDestination(ServiceKey, DestinationConfig)
    case editDestination(ServiceKey, DestinationConfig)
    case deleteDestination(ServiceKey, DestinationKey)
    /// `-Z`: zero the counters of one service, or of all when nil.
    case zero(ServiceKey?)
    /// `--set tcp tcpfin udp`: 0 leaves a value unchanged.
    case setTimeouts(IPVSTimeouts)
    case startSyncDaemon(SyncDaemonConfig)
    case stopSyncDaemon(SyncDaemonConfig.Role)
}

/// Errors the kernel returns for table operations, by errno. ipvsadm turns (operation, error)
/// into its message (ipvs_strerror), so the errno is what must match the kernel.
public enum IPVSError: Int32, Error, Hashable, Sendable, Codable {
    case eperm = 1
    case enoent = 2
    case esrch = 3
    case enomem = 12
    case efault = 14
    case eexist = 17
    case einval = 22
    case erange = 34
    case enoprotoopt = 92
    case eopnotsupp = 95
}

/// What the daemon answers to a list request: everything `ipvsadm -L`, `-S`, `-c`,
/// `--timeout`, `--daemon` print, in kernel order (ipvsadm sorts when printing).
public struct TableSnapshot: Hashable, Sendable, Codable {
    /// Connection table size ("size=4096" in the version line).
    public var connectionTableSize: UInt32
    public var services: [ServiceSnapshot]
    public var timeouts: IPVSTimeouts
    public var syncDaemons: [SyncDaemonConfig]
    /// Filled only when connections were asked for (`-c`).
    public var connections: [ConnectionSnapshot]

    public init(connectionTableSize: UInt32 = 4096, services: [ServiceSnapshot] = [],
                timeouts: IPVSTimeouts = IPVSTimeouts(), syncDaemons: [SyncDaemonConfig] = [],
                connections: [ConnectionSnapshot] = []) {
        self.connectionTableSize = connectionTableSize; self.services = services
        self.timeouts = timeouts; self.syncDaemons = syncDaemons; self.connections = connections
    }
}

public struct ServiceSnapshot: Hashable, Sendable, Codable {
    public var config: ServiceConfig
    public var counters: TrafficCounters
    public var rates: TrafficRates
    /// Real servers in kernel list order.
    public var destinations: [DestinationSnapshot]
    public init(config: ServiceConfig, counters: TrafficCounters = TrafficCounters(),
                rates: TrafficRates = TrafficRates(), destinations: [DestinationSnapshot] = []) {
        self.config = config; self.counters = counters; self.rates = rates; self.destinations = destinations
    }
}

public struct DestinationSnapshot: Hashable, Sendable, Codable {
    public var config: DestinationConfig
    public var activeConnections: UInt32
    public var inactiveConnections: UInt32
    public var persistentConnections: UInt32
    public var counters: TrafficCounters
    public var rates: TrafficRates
    public init(config: DestinationConfig, activeConnections: UInt32 = 0, inactiveConnections: UInt32 = 0,
                persistentConnections: UInt32 = 0, counters: TrafficCounters = TrafficCounters(),
                rates: TrafficRates = TrafficRates()) {
        self.config = config; self.activeConnections = activeConnections
        self.inactiveConnections = inactiveConnections; self.persistentConnections = persistentConnections
        self.counters = counters; self.rates = rates
    }
}

/// One row of `ipvsadm -L -c` (what /proc/net/ip_vs_conn shows).
public struct ConnectionSnapshot: Hashable, Sendable, Codable {
    /// nil for a fwmark persistence template (printed as protocol "IP").
    public var proto: TransportProtocol?
    public var clientAddress: InetAddress
    public var clientPort: UInt16
    public var virtualAddress: InetAddress
    public var virtualPort: UInt16
    public var destinationAddress: InetAddress
    public var destinationPort: UInt16
    /// State name as the kernel prints it ("ESTABLISHED", "NONE", "UDP", "ASSURED", ...).
    public var stateName: String
    /// Time left before expiry, in milliseconds.
    public var expiresInMilliseconds: Int64
    public var isTemplate: Bool
    public var fwmark: UInt32
    public init(proto: TransportProtocol?, clientAddress: InetAddress, clientPort: UInt16,
                virtualAddress: InetAddress, virtualPort: UInt16, destinationAddress: InetAddress,
                destinationPort: UInt16, stateName: String, expiresInMilliseconds: Int64,
                isTemplate: Bool = false, fwmark: UInt32 = 0) {
        self.proto = proto; self.clientAddress = clientAddress; self.clientPort = clientPort
        self.virtualAddress = virtualAddress; self.virtualPort = virtualPort
        self.destinationAddress = destinationAddress; self.destinationPort = destinationPort
        self.stateName = stateName; self.expiresInMilliseconds = expiresInMilliseconds
        self.isTemplate = isTemplate; self.fwmark = fwmark
    }
}
