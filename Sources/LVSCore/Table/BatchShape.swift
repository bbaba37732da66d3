/// What validation of a batch needs to know of the table: which services and real servers
/// exist, as the operations checked so far have left them. It records only what the batch
/// touched on top of the table, so checking a batch costs what the batch touches, not the
/// table's size (a one-line `ipvsadm -D` on a table of 100,000 services checks one key).
struct BatchShape {
    private let table: IPVSTable
    /// A `-C` was checked: the table's own services no longer count.
    private var cleared = false
    /// Services the batch added (true) or deleted (false).
    private var services: [ServiceKey: Bool] = [:]
    /// Services the batch created: they start without real servers, whatever the table had.
    private var created: Set<ServiceKey> = []
    /// Real servers the batch added (true) or deleted (false), by service.
    private var destinations: [ServiceKey: [DestinationKey: Bool]] = [:]
    private(set) var daemons: Set<SyncDaemonConfig.Role>

    init(_ table: IPVSTable) {
        self.table = table
        daemons = Set(table.syncDaemons.map(\.role))
    }

    func hasService(_ k: ServiceKey) -> Bool {
        if let known = services[k] { return known }
        return !cleared && table.service(k) != nil
    }

    func hasDestination(_ d: DestinationKey, in k: ServiceKey) -> Bool {
        if let known = destinations[k]?[d] { return known }
        if cleared || created.contains(k) { return false }
        return table.service(k)?.destination(d) != nil
    }

    mutating func addService(_ k: ServiceKey) {
        services[k] = true
        created.insert(k)
        destinations[k] = nil
    }

    mutating func deleteService(_ k: ServiceKey) {
        services[k] = false
        created.remove(k)
        destinations[k] = nil
    }

    mutating func clear() {
        cleared = true
        services.removeAll()
        created.removeAll()
        destinations.removeAll()
    }

    mutating func setDestination(_ d: DestinationKey, in k: ServiceKey, present: Bool) {
        destinations[k, default: [:]][d] = present
    }

    mutating func insertDaemon(_ role: SyncDaemonConfig.Role) -> Bool { daemons.insert(role).inserted }
    mutating func removeDaemon(_ role: SyncDaemonConfig.Role) -> Bool { daemons.remove(role) != nil }
}
