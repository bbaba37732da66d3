import Synchronization

/// The tables whose services share one scheduler state each (see `ServiceScheduling`): the
/// control plane's table leads (it creates each service's shared state and applies every
/// change to it first), the workers' tables follow (each service and server they add picks up
/// the lead's shared state by key). Looked up only while applying admin operations.
public final class SchedulingDomain: Sendable {
    private let services = Mutex<[ServiceKey: ServiceScheduling]>([:])

    public init() {}

    func register(_ scheduling: ServiceScheduling, for key: ServiceKey) {
        services.withLock { $0[key] = scheduling }
    }

    func unregister(_ key: ServiceKey) {
        _ = services.withLock { $0.removeValue(forKey: key) }
    }

    func scheduling(for key: ServiceKey) -> ServiceScheduling? {
        services.withLock { $0[key] }
    }

    /// How many services the lead table shares (for tests).
    public var serviceCount: Int { services.withLock { $0.count } }
}
