import LVSVocabulary

/// What a director keeps of its table across restarts: the admin operations that rebuild it,
/// as `ipvsadm -S` keeps a table as the commands that rebuild it. Restoring is then one batch
/// through the same checks as any ipvsadm batch, so a state file can never make a table that
/// ipvsadm could not. Counters, rates and connections are not kept (the kernel's table does
/// not survive a reboot with them either).
public struct TableState: Hashable, Sendable, Codable {
    /// Bumped when the meaning of the fields changes; a reader refuses versions it does not know.
    public static let currentVersion = 1

    public var version: Int
    public var operations: [AdminOperation]
    /// The addresses each VRRP instance (by name) last held or released. A restarted director
    /// starts with all of them released, whatever the instance's state was: its peer may be
    /// master by now, and only the instance, when it speaks again, may claim them.
    public var vrrpAddresses: [String: [InetAddress]]
    /// The name of the journal whose batches come after these operations: a state file is
    /// rewritten whole only now and then, and each applied batch in between is appended to
    /// its journal; a journal of another name is an old one, already folded in here.
    public var journal: String?

    public init(
        version: Int = TableState.currentVersion, operations: [AdminOperation],
        vrrpAddresses: [String: [InetAddress]] = [:], journal: String? = nil
    ) {
        self.version = version
        self.operations = operations
        self.vrrpAddresses = vrrpAddresses
        self.journal = journal
    }

    enum CodingKeys: String, CodingKey { case version, operations, vrrpAddresses, journal }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        operations = try c.decode([AdminOperation].self, forKey: .operations)
        // Absent in files written before VRRP ownership was kept: nothing to release.
        vrrpAddresses = try c.decodeIfPresent([String: [InetAddress]].self, forKey: .vrrpAddresses) ?? [:]
        journal = try c.decodeIfPresent(String.self, forKey: .journal)
    }

    /// The operations that rebuild `table` on an empty table in the same order: services and
    /// real servers are added oldest first (a snapshot lists both newest first, as the kernel
    /// links new entries at the head of its lists), then the timeouts and the sync daemons.
    public init(rebuilding table: TableSnapshot, vrrpAddresses: [String: [InetAddress]] = [:]) {
        var operations: [AdminOperation] = []
        for service in table.services.reversed() {
            operations.append(.addService(service.config))
            for destination in service.destinations.reversed() {
                operations.append(.addDestination(service.config.key, destination.config))
            }
        }
        if table.timeouts != IPVSTimeouts() { operations.append(.setTimeouts(table.timeouts)) }
        for daemon in table.syncDaemons { operations.append(.startSyncDaemon(daemon)) }
        self.init(operations: operations, vrrpAddresses: vrrpAddresses)
    }
}
