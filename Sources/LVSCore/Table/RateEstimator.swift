/// The kernel's 2-second rate estimator (ip_vs_est.c): every 2 s,
/// avg += (rate - avg) / 4, kept in fixed point.
///
/// Connection and packet rates are kept scaled by 2^10, byte rates by 2^5; a 2-second
/// difference is shifted by one less (9 and 4) to divide by two. Reported values round
/// (+0x1FF >> 10, +0xF >> 5) the way `ipvsadm --rate` shows them.
public struct RateEstimator: Hashable, Sendable {
    private var lastConnections: UInt64 = 0
    private var lastInPackets: UInt64 = 0
    private var lastOutPackets: UInt64 = 0
    private var lastInBytes: UInt64 = 0
    private var lastOutBytes: UInt64 = 0
    private var cps: Int64 = 0
    private var inPPS: Int64 = 0
    private var outPPS: Int64 = 0
    private var inBPS: Int64 = 0
    private var outBPS: Int64 = 0

    public init() {}

    /// Starts from the given counters with zero rates (kernel ip_vs_zero_estimator).
    public init(startingAt counters: TrafficCounters) {
        lastConnections = counters.connections
        lastInPackets = counters.inPackets
        lastOutPackets = counters.outPackets
        lastInBytes = counters.inBytes
        lastOutBytes = counters.outBytes
    }

    /// One 2-second step of the estimator with the counters as they are now.
    public mutating func estimate(_ c: TrafficCounters) {
        Self.step(&cps, &lastConnections, c.connections, shift: 9)
        Self.step(&inPPS, &lastInPackets, c.inPackets, shift: 9)
        Self.step(&outPPS, &lastOutPackets, c.outPackets, shift: 9)
        Self.step(&inBPS, &lastInBytes, c.inBytes, shift: 4)
        Self.step(&outBPS, &lastOutBytes, c.outBytes, shift: 4)
    }

    private static func step(_ avg: inout Int64, _ last: inout UInt64, _ now: UInt64, shift: UInt64) {
        // The kernel works in u64 and reinterprets as s64; wrapping arithmetic keeps that.
        let rate = Int64(bitPattern: (now &- last) << shift)
        last = now
        avg &+= (rate &- avg) >> 2
    }

    public var rates: TrafficRates {
        var r = TrafficRates()
        r.cps = Self.report(cps, round: 0x1FF, shift: 10)
        r.inPPS = Self.report(inPPS, round: 0x1FF, shift: 10)
        r.outPPS = Self.report(outPPS, round: 0x1FF, shift: 10)
        r.inBPS = Self.report(inBPS, round: 0xF, shift: 5)
        r.outBPS = Self.report(outBPS, round: 0xF, shift: 5)
        return r
    }

    private static func report(_ v: Int64, round: UInt64, shift: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: (UInt64(bitPattern: v) &+ round) >> shift)
    }
}
