import LVSVocabulary

/// Identity of a virtual service: protocol+address+port, or a firewall mark (with address family).
public enum ServiceKey: Hashable, Sendable, Codable {
    case address(TransportProtocol, InetAddress, UInt16)
    case fwmark(UInt32, InetAddress.Family)

    public var family: InetAddress.Family {
        switch self {
        case .address(_, let a, _): a.family
        case .fwmark(_, let f): f
        }
    }
    public var fwmark: UInt32 {
        if case .fwmark(let m, _) = self { return m }
        return 0
    }
}

/// How a real server is reached (IP_VS_CONN_F_FWD_MASK values).
public enum ForwardMethod: UInt8, Hashable, Sendable, Codable {
    case masquerade = 0   // NAT, -m
    case local = 1
    case tunnel = 2       // -i
    case route = 3        // DR, -g (ipvsadm's default)
    /// The word ipvsadm prints in the Forward column.
    public var ipvsadmName: String {
        switch self {
        case .masquerade: "Masq"; case .local: "Local"; case .tunnel: "Tunnel"; case .route: "Route"
        }
    }
}

public enum TunnelType: UInt8, Hashable, Sendable, Codable {
    case ipip = 0, gue = 1, gre = 2
    public var name: String { switch self { case .ipip: "ipip"; case .gue: "gue"; case .gre: "gre" } }
}

/// Tunnel checksum flags (IP_VS_TUNNEL_ENCAP_FLAG_*).
public struct TunnelFlags: OptionSet, Hashable, Sendable, Codable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let checksum = TunnelFlags(rawValue: 1)        // --tun-csum
    public static let remoteChecksum = TunnelFlags(rawValue: 2)  // --tun-remcsum
}

/// Service flags as the kernel keeps them (IP_VS_SVC_F_*).
public struct ServiceFlags: OptionSet, Hashable, Sendable, Codable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let persistent = ServiceFlags(rawValue: 0x0001)
    public static let hashed = ServiceFlags(rawValue: 0x0002)
    public static let onePacket = ServiceFlags(rawValue: 0x0004)
    public static let schedFlag1 = ServiceFlags(rawValue: 0x0008)
    public static let schedFlag2 = ServiceFlags(rawValue: 0x0010)
    public static let schedFlag3 = ServiceFlags(rawValue: 0x0020)
    // Aliases the sh and mh schedulers give the generic flags.
    public static let shFallback = schedFlag1
    public static let shPort = schedFlag2
    public static let mhFallback = schedFlag1
    public static let mhPort = schedFlag2
}

/// What `ipvsadm -A/-E` sets on a virtual service.
public struct ServiceConfig: Hashable, Sendable, Codable {
    public var key: ServiceKey
    public var scheduler: String
    public var flags: ServiceFlags
    /// Persistence timeout in seconds (meaningful when `.persistent` is set).
    public var timeout: UInt32
    /// Persistence netmask as a prefix length (32/128 = none).
    public var netmaskPrefix: Int
    /// Persistence engine name ("" = none; "sip" is the only one).
    public var persistenceEngine: String

    public init(key: ServiceKey, scheduler: String = "wlc", flags: ServiceFlags = [],
                timeout: UInt32 = 0, netmaskPrefix: Int? = nil, persistenceEngine: String = "") {
        self.key = key
        self.scheduler = scheduler
        self.flags = flags
        self.timeout = timeout
        self.netmaskPrefix = netmaskPrefix ?? (key.family == .inet ? 32 : 128)
        self.persistenceEngine = persistenceEngine
    }
    public var isPersistent: Bool { flags.contains(.persistent) }
    public var isOnePacket: Bool { flags.contains(.onePacket) }
}

/// Identity of a real server within a service.
public struct DestinationKey: Hashable, Sendable, Codable, Comparable {
    public var address: InetAddress
    public var port: UInt16
    public init(address: InetAddress, port: UInt16) { self.address = address; self.port = port }
    public static func < (a: Self, b: Self) -> Bool {
        a.address != b.address ? a.address < b.address : a.port < b.port
    }
}

/// What `ipvsadm -a/-e` sets on a real server.
public struct DestinationConfig: Hashable, Sendable, Codable {
    public var key: DestinationKey
    public var forward: ForwardMethod
    public var weight: Int32
    public var upperThreshold: UInt32   // 0 = none
    public var lowerThreshold: UInt32   // 0 = none
    public var tunnelType: TunnelType
    public var tunnelPort: UInt16
    public var tunnelFlags: TunnelFlags

    public init(key: DestinationKey, forward: ForwardMethod = .route, weight: Int32 = 1,
                upperThreshold: UInt32 = 0, lowerThreshold: UInt32 = 0,
                tunnelType: TunnelType = .ipip, tunnelPort: UInt16 = 0, tunnelFlags: TunnelFlags = []) {
        self.key = key; self.forward = forward; self.weight = weight
        self.upperThreshold = upperThreshold; self.lowerThreshold = lowerThreshold
        self.tunnelType = tunnelType; self.tunnelPort = tunnelPort; self.tunnelFlags = tunnelFlags
    }
}

/// Traffic counters as the kernel keeps them (struct ip_vs_kstats).
public struct TrafficCounters: Hashable, Sendable, Codable {
    public var connections: UInt64 = 0
    public var inPackets: UInt64 = 0
    public var outPackets: UInt64 = 0
    public var inBytes: UInt64 = 0
    public var outBytes: UInt64 = 0
    public init() {}
    public static func += (a: inout Self, b: Self) {
        a.connections &+= b.connections; a.inPackets &+= b.inPackets; a.outPackets &+= b.outPackets
        a.inBytes &+= b.inBytes; a.outBytes &+= b.outBytes
    }
}

/// Rates from the 2-second estimator, already rounded as the kernel reports them (per second).
public struct TrafficRates: Hashable, Sendable, Codable {
    public var cps: UInt32 = 0
    public var inPPS: UInt32 = 0
    public var outPPS: UInt32 = 0
    public var inBPS: UInt32 = 0
    public var outBPS: UInt32 = 0
    public init() {}
}

/// IPVS timeouts changed by `ipvsadm --set` (seconds; 0 in a request = leave unchanged).
public struct IPVSTimeouts: Hashable, Sendable, Codable {
    public var tcp: UInt32 = 900
    public var tcpFin: UInt32 = 120
    public var udp: UInt32 = 300
    public init(tcp: UInt32 = 900, tcpFin: UInt32 = 120, udp: UInt32 = 300) {
        self.tcp = tcp; self.tcpFin = tcpFin; self.udp = udp
    }
}

/// Sync daemon settings (`--start-daemon`).
public struct SyncDaemonConfig: Hashable, Sendable, Codable {
    public enum Role: String, Hashable, Sendable, Codable { case master, backup }
    public var role: Role
    public var interface: String
    public var syncID: UInt8
    public var maxLength: UInt16      // 0 = default
    public var mcastGroup: InetAddress?
    public var mcastPort: UInt16      // 0 = default 8848
    public var mcastTTL: UInt8        // 0 = default 1
    public init(role: Role, interface: String, syncID: UInt8 = 0, maxLength: UInt16 = 0,
                mcastGroup: InetAddress? = nil, mcastPort: UInt16 = 0, mcastTTL: UInt8 = 0) {
        self.role = role; self.interface = interface; self.syncID = syncID; self.maxLength = maxLength
        self.mcastGroup = mcastGroup; self.mcastPort = mcastPort; self.mcastTTL = mcastTTL
    }
}
