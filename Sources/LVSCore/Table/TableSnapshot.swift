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

extension TableSnapshot {
    enum CodingKeys: String, CodingKey { case connectionTableSize, services, timeouts, syncDaemons, connections }

    /// The connections travel as one text of rows (`ConnectionSnapshot.wireText`), the rest as
    /// JSON fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(connectionTableSize, forKey: .connectionTableSize)
        try c.encode(services, forKey: .services)
        try c.encode(timeouts, forKey: .timeouts)
        try c.encode(syncDaemons, forKey: .syncDaemons)
        var rows = ""
        for row in connections {
            if !rows.isEmpty { rows += "\n" }
            rows += row.wireText
        }
        try c.encode(rows, forKey: .connections)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        connectionTableSize = try c.decode(UInt32.self, forKey: .connectionTableSize)
        services = try c.decode([ServiceSnapshot].self, forKey: .services)
        timeouts = try c.decode(IPVSTimeouts.self, forKey: .timeouts)
        syncDaemons = try c.decode([SyncDaemonConfig].self, forKey: .syncDaemons)
        let rows = try c.decode(String.self, forKey: .connections)
        guard let parsed = ConnectionSnapshot.rows(fromWireText: rows) else {
            throw DecodingError.dataCorruptedError(
                forKey: .connections, in: c, debugDescription: "not connection rows: \(rows.prefix(200))")
        }
        connections = parsed
    }
}
