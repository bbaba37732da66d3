import LVSVocabulary
import LVSWire
import Testing

@testable import LVSVRRP

/// Tracking seen from the wire: the priority a master advertises after a change, a backup whose
/// raised priority preempts, FAULT from a tracked object.
@Suite struct VRRPInstanceTrackingTests {
    static let low = InetAddress("198.18.60.1")!
    static let high = InetAddress("198.18.60.2")!

    static func instance(_ priority: UInt8, _ address: InetAddress, preempt: Bool = true) -> VRRPInstance {
        VRRPInstance(
            configuration: VRRPInstanceTests.configuration(priority: priority, preempt: preempt),
            primaryAddress: address)
    }

    /// The priorities the adverts carried, by sender.
    static func advertised(_ actions: [VRRPAction]) -> [UInt8] {
        actions.compactMap {
            if case .sendAdvertisement(let priority) = $0 { return priority }
            return nil
        }
    }

    /// A master whose script failed (weight -60) advertises 90 from its next advert on; the
    /// backup at 100 ignores that advert and takes over when its Master_Down_Timer runs out; the
    /// old master, hearing 100, steps down.
    @Test func masterLoweredBelowTheBackupIsPreempted() {
        var network = VRRPNetwork([Self.instance(150, Self.low), Self.instance(100, Self.high)])
        network.start(0, at: .zero)
        network.start(1, at: .seconds(1))
        network.run(until: .seconds(10))
        #expect(network.states == [.master, .backup])
        #expect(network.routers[0].priorityChanged(to: 90, now: .seconds(10)) == [])
        #expect(network.routers[0].priority == 90)
        // Its next advert (at 10.415 s) says 90.
        let deadline = network.routers[0].timerDeadline ?? .zero
        var copy = network.routers[0]
        #expect(Self.advertised(copy.timerFired(now: deadline)) == [90])
        network.run(until: .seconds(20))
        #expect(network.states == [.backup, .master])
        // The last advert it accepted came at 9.415 s; 3.609 s later the backup took over.
        #expect(network.becameMaster(1) == Instant(milliseconds: 9415 + 3610))
    }

    /// A backup raised above the master (weight +80 on a script that came up) preempts: the
    /// master's next advert is lower and ignored, the down timer runs out.
    @Test func backupRaisedAboveTheMasterPreempts() {
        var network = VRRPNetwork([Self.instance(150, Self.low), Self.instance(100, Self.high)])
        network.start(0, at: .zero)
        network.start(1, at: .seconds(1))
        network.run(until: .seconds(10))
        var tracking = VRRPTracking(
            configuration: {
                var configuration = network.routers[1].configuration
                configuration.trackedScripts = [VRRPTrackedObject(name: "chk", weight: 80)]
                return configuration
            }(), scripts: [:])
        let status = tracking.scriptResult("chk", success: true)
        #expect(status.priority == 180)
        // The down timer moves by the change of Skew_Time: (256-180)/256 s instead of (256-100)/256 s.
        let before = network.routers[1].timerDeadline ?? .zero
        let moved = network.routers[1].trackingChanged(status, now: .seconds(10))
        #expect(moved == [.setTimer(before + (297 - 610))])
        network.run(until: .seconds(20))
        #expect(network.states == [.backup, .master])
        #expect(network.becameMaster(1) == Instant(milliseconds: 9415 + 3297))

        // With nopreempt the raised backup stays backup.
        var calm = VRRPNetwork([Self.instance(150, Self.low), Self.instance(100, Self.high, preempt: false)])
        calm.start(0, at: .zero)
        calm.start(1, at: .seconds(1))
        calm.run(until: .seconds(10))
        _ = calm.routers[1].priorityChanged(to: 180, now: .seconds(10))
        calm.run(until: .seconds(30))
        #expect(calm.states == [.master, .backup])
    }

    /// A weight-0 object down: a master says priority 0 and goes to FAULT; the backup takes over
    /// after Skew_Time. Back up: BACKUP, with the Master_Down_Timer armed.
    @Test func trackingFaultAndRecovery() {
        var network = VRRPNetwork([Self.instance(150, Self.low), Self.instance(100, Self.high)])
        network.start(0, at: .zero)
        network.start(1, at: .seconds(1))
        network.run(until: .seconds(10))
        var master = network.routers[0]
        #expect(
            master.trackingChanged(VRRPTrackingStatus(priority: 150, fault: true), now: .seconds(10)) == [
                .sendAdvertisement(priority: 0), .becomeFault, .cancelTimer,
            ])
        network.routers[0] = master
        network.deliver([.sendAdvertisement(priority: 0)], from: 0)
        network.run(until: .seconds(12))
        #expect(network.states == [.fault, .master])
        #expect(network.becameMaster(1) == Instant(milliseconds: 10_000 + 610))
        // The interface coming back does not end a tracking FAULT.
        #expect(network.routers[0].interfaceUp(now: .seconds(12)) == [])
        #expect(
            network.routers[0].trackingChanged(VRRPTrackingStatus(priority: 150), now: .seconds(13)) == [
                .becomeBackup, .setTimer(Instant(milliseconds: 13_000 + 3415)),
            ])
    }

    /// A weight-0 script not yet run: out of service without notify_fault; its first result
    /// decides (vrrp_scheduler.c vrrp_init_state, vrrp_track.c process_script_update_priority).
    @Test func waitingForTheFirstScriptResult() {
        var instance = Self.instance(100, Self.low)
        #expect(
            instance.trackingChanged(VRRPTrackingStatus(priority: 100, waitingForScripts: true), now: .zero) == [])
        #expect(instance.start(now: .zero) == [.cancelTimer])
        #expect(instance.state == .fault)
        var failing = instance
        #expect(
            failing.trackingChanged(VRRPTrackingStatus(priority: 100, fault: true), now: .seconds(1)) == [.becomeFault])
        #expect(
            instance.trackingChanged(VRRPTrackingStatus(priority: 100), now: .seconds(1)) == [
                .becomeBackup, .setTimer(Instant(milliseconds: 1000 + 3610)),
            ])
    }

    /// The address owner's priority never moves.
    @Test func ownerPriorityIsFixed() {
        var owner = VRRPInstance(
            configuration: VRRPInstanceTests.configuration(priority: 255, state: .master), primaryAddress: Self.low)
        _ = owner.start(now: .zero)
        #expect(owner.priorityChanged(to: 10, now: .zero) == [])
        #expect(Self.advertised(owner.timerFired(now: .seconds(1))) == [255])
    }
}
