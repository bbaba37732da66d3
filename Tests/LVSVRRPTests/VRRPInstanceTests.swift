import LVSVocabulary
import LVSWire
import Testing

@testable import LVSVRRP

/// The instance state machine with injected time: elections, preemption, the timers' values.
@Suite struct VRRPInstanceTests {
    static let low = InetAddress("198.18.60.1")!
    static let high = InetAddress("198.18.60.2")!

    static func configuration(
        priority: UInt8, version: VRRPVersion = .v2, interval: Int = 100, preempt: Bool = true,
        preemptDelay: Int64 = 0, state: VRRPState = .backup
    ) -> VRRPInstanceConfiguration {
        var configuration = VRRPInstanceConfiguration(name: "VI_\(priority)")
        configuration.virtualRouterID = 60
        configuration.priority = priority
        configuration.version = version
        configuration.advertisementInterval = interval
        configuration.preempt = preempt
        configuration.preemptDelay = preemptDelay
        configuration.initialState = state
        configuration.virtualAddresses = [InetAddress("198.18.60.100")!]
        return configuration
    }

    static func instance(
        _ priority: UInt8, _ address: InetAddress = low, preempt: Bool = true, preemptDelay: Int64 = 0
    )
        -> VRRPInstance
    {
        VRRPInstance(
            configuration: configuration(priority: priority, preempt: preempt, preemptDelay: preemptDelay),
            primaryAddress: address)
    }

    // MARK: Timers

    /// keepalived's integer arithmetic in microseconds: 3 s + (256 - p) / 256 s for v2.
    @Test func masterDownIntervalForPriorities100And150And255() {
        #expect(VRRPTiming.masterDown(version: .v2, priority: 100, masterAdvertisementInterval: 100) == 3_609_375)
        #expect(VRRPTiming.masterDown(version: .v2, priority: 150, masterAdvertisementInterval: 100) == 3_414_062)
        #expect(VRRPTiming.masterDown(version: .v2, priority: 255, masterAdvertisementInterval: 100) == 3_003_906)
        #expect(VRRPTiming.masterDown(version: .v3, priority: 100, masterAdvertisementInterval: 100) == 3_609_375)
        #expect(VRRPTiming.masterDown(version: .v3, priority: 150, masterAdvertisementInterval: 100) == 3_414_062)
        #expect(VRRPTiming.masterDown(version: .v3, priority: 255, masterAdvertisementInterval: 100) == 3_003_906)
        // v3 scales the skew with the interval; v2's skew is in seconds whatever the interval.
        #expect(VRRPTiming.masterDown(version: .v3, priority: 200, masterAdvertisementInterval: 50) == 1_609_375)
        #expect(VRRPTiming.skew(version: .v2, priority: 100, masterAdvertisementInterval: 300) == 609_375)
        #expect(Self.instance(150).masterDownInterval == 3_414_062)
    }

    @Test func startsAsBackupAndArmsTheMasterDownTimer() {
        var instance = Self.instance(100)
        #expect(instance.start(now: .seconds(10)) == [.becomeBackup, .setTimer(Instant(milliseconds: 13_610))])
        #expect(instance.state == .backup)
        // A stale wake-up changes nothing.
        #expect(instance.timerFired(now: Instant(milliseconds: 13_609)) == [])
        #expect(instance.state == .backup)
    }

    /// The address owner needs no election; keepalived's GARP defaults: 5 now, 5 more after 5 s.
    /// The addresses are claimed and announced before the first advert (clients move before
    /// the old master lets go).
    @Test func ownerBecomesMasterAtOnceWithGratuitousBursts() {
        var instance = VRRPInstance(
            configuration: Self.configuration(priority: 255, state: .master), primaryAddress: Self.low)
        #expect(
            instance.start(now: .seconds(1)) == [
                .becomeMaster, .sendGratuitousBurst(count: 5), .sendAdvertisement(priority: 255),
                .scheduleGratuitousBurst(at: .seconds(6), count: 5), .setTimer(.seconds(2)),
            ])
        #expect(instance.timerFired(now: .seconds(2)) == [.sendAdvertisement(priority: 255), .setTimer(.seconds(3))])
    }

    @Test func gratuitousRefreshIsScheduledOnlyWhenConfigured() {
        var configuration = Self.configuration(priority: 255, state: .master)
        configuration.gratuitousRefresh = 60_000
        configuration.gratuitousRefreshRepeat = 2
        var instance = VRRPInstance(configuration: configuration, primaryAddress: Self.low)
        #expect(
            instance.start(now: .zero).contains(
                .scheduleGratuitousRefresh(start: .seconds(65), intervalMilliseconds: 60_000, count: 2)))
    }

    // MARK: Elections

    @Test func higherPriorityStartedFirstStaysMaster() {
        var network = VRRPNetwork([Self.instance(150, Self.low), Self.instance(100, Self.high)])
        network.start(0, at: .zero)
        network.start(1, at: .seconds(5))
        network.run(until: .seconds(30))
        #expect(network.states == [.master, .backup])
        #expect(network.becameMaster(0) == Instant(milliseconds: 3415))
        #expect(network.becameMaster(1) == nil)
    }

    /// The lower priority master is preempted: its adverts are ignored until the backup's
    /// Master_Down_Timer runs out.
    @Test func higherPriorityStartedSecondPreempts() {
        var network = VRRPNetwork([Self.instance(150, Self.low), Self.instance(100, Self.high)])
        network.start(1, at: .zero)
        network.run(until: .seconds(5))
        #expect(network.states == [.initialize, .master])
        network.start(0, at: .seconds(5))
        network.run(until: .seconds(30))
        #expect(network.states == [.master, .backup])
        #expect(network.becameMaster(0) == Instant(milliseconds: 5000 + 3415))
    }

    @Test func nopreemptLeavesTheLowerPriorityMaster() {
        var network = VRRPNetwork([Self.instance(150, Self.low, preempt: false), Self.instance(100, Self.high)])
        network.start(1, at: .zero)
        network.start(0, at: .seconds(5))
        network.run(until: .seconds(60))
        #expect(network.states == [.backup, .master])
    }

    /// Two masters of equal priority (a healed partition): the higher primary address stays.
    @Test func equalPriorityTieGoesToTheHigherAddress() {
        for order in [[0, 1], [1, 0]] {
            var network = VRRPNetwork([Self.instance(100, Self.low), Self.instance(100, Self.high)])
            network.connected = false
            for index in order { network.start(index, at: .zero) }
            network.run(until: .seconds(5))
            #expect(network.states == [.master, .master])
            network.connected = true
            network.run(until: .seconds(10))
            #expect(network.states == [.backup, .master])
        }
    }

    /// Priority 0 from a leaving master: the backup takes over after Skew_Time, not
    /// Master_Down_Interval.
    @Test func priorityZeroHandsOverAfterSkewTime() {
        var network = VRRPNetwork([Self.instance(150, Self.low), Self.instance(100, Self.high)])
        network.start(0, at: .zero)
        network.start(1, at: .seconds(1))
        network.run(until: .seconds(10))
        var leaving = network.routers[0]
        #expect(leaving.shutdown(now: .seconds(10)) == [.sendAdvertisement(priority: 0), .stop, .cancelTimer])
        network.shutdown(0, at: .seconds(10))
        network.run(until: .seconds(20))
        #expect(network.states == [.initialize, .master])
        // Skew for priority 100: 156/256 s = 609.375 ms.
        #expect(network.becameMaster(1) == Instant(milliseconds: 10_000 + 610))
    }

    /// keepalived's preempt_delay: the first lower-priority advert starts the delay; until it
    /// passes such adverts still hold the backup back, after it they are ignored.
    @Test func preemptDelayHoldsThePreemption() {
        var network = VRRPNetwork([
            Self.instance(150, Self.low, preemptDelay: 10_000), Self.instance(100, Self.high),
        ])
        network.start(1, at: .zero)  // master at 3.610 s, adverts every second from then
        network.start(0, at: .seconds(5))
        network.run(until: .seconds(15))
        #expect(network.routers[0].preemptDeadline == Instant(milliseconds: 15_610))
        network.run(until: Instant(milliseconds: 18_024))
        #expect(network.states == [.backup, .master])
        network.run(until: .seconds(30))
        #expect(network.states == [.master, .backup])
        // The last advert accepted came at 14.610 s: the down timer ran out 3.415 s later.
        #expect(network.becameMaster(0) == Instant(milliseconds: 18_025))
    }

    // MARK: Single events

    @Test func masterAnswersLowerPriorityAndPriorityZero() {
        var instance = VRRPInstance(
            configuration: Self.configuration(priority: 255, state: .master), primaryAddress: Self.low)
        _ = instance.start(now: .zero)
        #expect(
            instance.advertisementReceived(priority: 100, source: Self.high, advertisementInterval: 100, now: .zero)
                == [
                    .sendAdvertisement(priority: 255),
                    // garp_lower_prio_repeat / _delay default to garp_master_repeat / _delay
                    // (vrrp.c vrrp_complete_init, vrrp_state_master_rx).
                    .sendGratuitousBurst(count: 5), .scheduleGratuitousBurst(at: .seconds(5), count: 5),
                ])
        #expect(
            instance.advertisementReceived(priority: 0, source: Self.high, advertisementInterval: 100, now: .seconds(1))
                == [.sendAdvertisement(priority: 255), .setTimer(.seconds(2))])
        #expect(instance.state == .master)
    }

    @Test func v3BackupFollowsTheMastersInterval() {
        var instance = VRRPInstance(
            configuration: Self.configuration(priority: 100, version: .v3), primaryAddress: Self.low)
        _ = instance.start(now: .zero)
        let actions = instance.advertisementReceived(
            priority: 200, source: Self.high, advertisementInterval: 50, now: .seconds(1))
        // 3 * 0.5 s + 156 * 50 * 625 / 16 us = 1.804687 s.
        #expect(actions == [.setTimer(Instant(milliseconds: 1000 + 1805))])
        #expect(instance.masterAdvertisementInterval == 50)
        #expect(instance.masterAddress == Self.high)
    }

    @Test func interfaceFaultAndRecovery() {
        var instance = VRRPInstance(
            configuration: Self.configuration(priority: 255, state: .master), primaryAddress: Self.low)
        _ = instance.start(now: .zero)
        #expect(
            instance.interfaceDown(now: .seconds(1)) == [.sendAdvertisement(priority: 0), .becomeFault, .cancelTimer])
        #expect(instance.state == .fault)
        #expect(
            instance.advertisementReceived(priority: 1, source: Self.high, advertisementInterval: 100, now: .seconds(2))
                == [])
        #expect(instance.timerFired(now: .seconds(9)) == [])
        #expect(instance.interfaceUp(now: .seconds(10)).contains(.becomeMaster))

        var backup = Self.instance(100)
        #expect(backup.start(now: .zero, interfaceUp: false) == [.becomeFault, .cancelTimer])
        #expect(backup.interfaceUp(now: .seconds(1)) == [.becomeBackup, .setTimer(Instant(milliseconds: 4610))])
    }
}
