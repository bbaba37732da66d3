import LVSVocabulary

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

    public init(
        key: ServiceKey, scheduler: String = "wlc", flags: ServiceFlags = [],
        timeout: UInt32 = 0, netmaskPrefix: Int? = nil, persistenceEngine: String = ""
    ) {
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
