import LVSVocabulary

public struct ServiceSnapshot: Hashable, Sendable, Codable {
    public var config: ServiceConfig
    public var counters: TrafficCounters
    public var rates: TrafficRates
    /// Real servers in kernel list order.
    public var destinations: [DestinationSnapshot]
    public init(
        config: ServiceConfig, counters: TrafficCounters = TrafficCounters(),
        rates: TrafficRates = TrafficRates(), destinations: [DestinationSnapshot] = []
    ) {
        self.config = config
        self.counters = counters
        self.rates = rates
        self.destinations = destinations
    }
}
