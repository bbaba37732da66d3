import LVSVocabulary

public struct DestinationSnapshot: Hashable, Sendable, Codable {
    public var config: DestinationConfig
    public var activeConnections: UInt32
    public var inactiveConnections: UInt32
    public var persistentConnections: UInt32
    public var counters: TrafficCounters
    public var rates: TrafficRates
    public init(
        config: DestinationConfig, activeConnections: UInt32 = 0, inactiveConnections: UInt32 = 0,
        persistentConnections: UInt32 = 0, counters: TrafficCounters = TrafficCounters(),
        rates: TrafficRates = TrafficRates()
    ) {
        self.config = config
        self.activeConnections = activeConnections
        self.inactiveConnections = inactiveConnections
        self.persistentConnections = persistentConnections
        self.counters = counters
        self.rates = rates
    }
}
