import Testing

@testable import LVSCore

@Suite struct RateEstimatorTests {
    @Test func firstStepIsAQuarterOfTheRate() {
        var e = RateEstimator()
        var c = TrafficCounters()
        c.connections = 100
        c.inPackets = 1000
        c.inBytes = 100_000
        e.estimate(c)
        // 100 conns in 2 s = 50/s, scaled 2^10: 51200; a quarter: 12800 -> (12800+511)>>10 = 12.
        #expect(e.rates.cps == 12)
        // 500 pps: 512000/4 = 128000 -> (128000+511)>>10 = 125.
        #expect(e.rates.inPPS == 125)
        // 50000 B/s scaled 2^5: 1600000/4 = 400000 -> (400000+15)>>5 = 12500.
        #expect(e.rates.inBPS == 12500)
        #expect(e.rates.outPPS == 0 && e.rates.outBPS == 0)
    }

    @Test func convergesToTheSteadyRate() {
        var e = RateEstimator()
        var c = TrafficCounters()
        for _ in 0..<60 {
            c.connections &+= 20
            c.inPackets &+= 300
            c.outPackets &+= 200
            c.inBytes &+= 30_000
            c.outBytes &+= 2_000_000
            e.estimate(c)
        }
        #expect(e.rates.cps == 10)
        #expect(e.rates.inPPS == 150 && e.rates.outPPS == 100)
        #expect(e.rates.inBPS == 15_000 && e.rates.outBPS == 1_000_000)
    }

    @Test func decaysByAQuarterWhenIdle() {
        var e = RateEstimator()
        var c = TrafficCounters()
        c.inPackets = 2048  // 1024 pps
        e.estimate(c)  // avg = 1024*1024/4 = 262144 -> 256
        #expect(e.rates.inPPS == 256)
        e.estimate(c)  // avg -= avg/4 -> 196608 -> 192
        #expect(e.rates.inPPS == 192)
        e.estimate(c)  // 147456 -> 144
        #expect(e.rates.inPPS == 144)
    }

    @Test func startingAtCurrentCountersReportsNothing() {
        var c = TrafficCounters()
        c.inPackets = 1_000_000
        var e = RateEstimator(startingAt: c)
        e.estimate(c)
        #expect(e.rates == TrafficRates())
    }

    @Test func countersGoingBackwardsDoNotTrap() {
        var e = RateEstimator()
        var c = TrafficCounters()
        c.inBytes = .max
        e.estimate(c)
        c.inBytes = 0
        e.estimate(c)
        _ = e.rates
    }
}
