import LVSVocabulary

/// Rates from the 2-second estimator, already rounded as the kernel reports them (per second).
public struct TrafficRates: Hashable, Sendable, Codable {
    public var cps: UInt32 = 0
    public var inPPS: UInt32 = 0
    public var outPPS: UInt32 = 0
    public var inBPS: UInt32 = 0
    public var outBPS: UInt32 = 0
    public init() {}
}
