import LVSVocabulary

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

    public init(
        connectionTableSize: UInt32 = 4096, services: [ServiceSnapshot] = [],
        timeouts: IPVSTimeouts = IPVSTimeouts(), syncDaemons: [SyncDaemonConfig] = [],
        connections: [ConnectionSnapshot] = []
    ) {
        self.connectionTableSize = connectionTableSize
        self.services = services
        self.timeouts = timeouts
        self.syncDaemons = syncDaemons
        self.connections = connections
    }
}
