import LVSCore

/// What keepalived believes is in the kernel table, so that a batch never holds an operation the
/// kernel would refuse: keepalived sends one command at a time and ignores EEXIST on adds and
/// ENOENT on deletes, and turns an edit of a missing real server into an add (ipvs_talk).
/// Batches are atomic here, so those commands are dropped (or rewritten) before they are sent.
struct ShadowTable: Hashable, Sendable {
    private(set) var services: [ServiceKey: Set<DestinationKey>] = [:]

    init() {}

    init(_ snapshot: TableSnapshot) {
        for service in snapshot.services {
            services[service.config.key] = Set(service.destinations.map(\.config.key))
        }
    }

    func contains(_ key: ServiceKey) -> Bool { services[key] != nil }

    func contains(_ destination: DestinationKey, in key: ServiceKey) -> Bool {
        services[key]?.contains(destination) ?? false
    }

    /// The operation to send for a command, or nil when keepalived's command would fail harmlessly.
    mutating func admit(_ operation: AdminOperation) -> AdminOperation? {
        switch operation {
        case .addService(let config):
            guard services[config.key] == nil else { return nil }
            services[config.key] = []
        case .editService(let config):
            guard services[config.key] != nil else { return nil }
        case .deleteService(let key):
            guard services.removeValue(forKey: key) != nil else { return nil }
        case .clear:
            services.removeAll()
        case .addDestination(let key, let destination):
            guard var destinations = services[key], !destinations.contains(destination.key) else { return nil }
            destinations.insert(destination.key)
            services[key] = destinations
        case .editDestination(let key, let destination):
            guard let destinations = services[key] else { return nil }
            if !destinations.contains(destination.key) {
                return admit(.addDestination(key, destination))
            }
        case .deleteDestination(let key, let destination):
            guard var destinations = services[key], destinations.remove(destination) != nil else { return nil }
            services[key] = destinations
        case .zero, .setTimeouts, .startSyncDaemon, .stopSyncDaemon:
            break
        }
        return operation
    }
}
