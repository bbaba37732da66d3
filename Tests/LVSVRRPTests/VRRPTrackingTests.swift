import LVSVocabulary
import Testing

@testable import LVSVRRP

/// The effective priority and FAULT as keepalived 2.2.7 computes them from tracked interfaces,
/// scripts (with rise/fall) and files.
@Suite struct VRRPTrackingTests {
    static func configuration(
        priority: UInt8 = 100, interfaces: [VRRPTrackedObject] = [], scripts: [VRRPTrackedObject] = [],
        files: [VRRPTrackedObject] = [], interface: String? = nil
    ) -> VRRPInstanceConfiguration {
        var configuration = VRRPInstanceConfiguration(name: "VI_1")
        configuration.priority = priority
        configuration.interface = interface
        configuration.trackedInterfaces = interfaces
        configuration.trackedScripts = scripts
        configuration.trackedFiles = files
        return configuration
    }

    static func script(_ name: String, rise: Int = 1, fall: Int = 1, initFail: Bool = false) -> VRRPScript {
        var script = VRRPScript(name: name)
        script.arguments = ["/bin/\(name)"]
        script.rise = rise
        script.fall = fall
        script.initFail = initFail
        return script
    }

    /// A positive weight counts while up, a negative one while down; an unrun script counts
    /// for nothing (vrrp_track.c initialise_track_script_state, process_script_update_priority).
    @Test func scriptWeightsBySign() {
        var tracking = VRRPTracking(
            configuration: Self.configuration(scripts: [
                VRRPTrackedObject(name: "plus", weight: 20), VRRPTrackedObject(name: "minus", weight: -30),
            ]),
            scripts: ["plus": Self.script("plus"), "minus": Self.script("minus")])
        #expect(tracking.status == VRRPTrackingStatus(priority: 100))
        #expect(tracking.scriptResult("plus", success: true).priority == 120)
        #expect(tracking.scriptResult("minus", success: true).priority == 120)
        #expect(tracking.scriptResult("minus", success: false).priority == 90)
        #expect(tracking.scriptResult("plus", success: false).priority == 70)
        #expect(tracking.scriptResult("plus", success: true).priority == 90)
        #expect(!tracking.status.fault)
    }

    /// `reverse` negates what a weight adds: +20 reverse takes 20 off while the script succeeds.
    @Test func reverseWeights() {
        var tracking = VRRPTracking(
            configuration: Self.configuration(scripts: [VRRPTrackedObject(name: "s", weight: 20, reverse: true)]),
            scripts: ["s": Self.script("s")])
        #expect(tracking.scriptResult("s", success: true).priority == 80)
        #expect(tracking.scriptResult("s", success: false).priority == 100)
    }

    /// rise 3 fall 2: the first result decides at once; later it takes 3 successes in a row to
    /// rise and 2 failures in a row to fall (vrrp_scheduler.c vrrp_script_child_thread).
    @Test func riseAndFallCounting() {
        var tracking = VRRPTracking(
            configuration: Self.configuration(scripts: [VRRPTrackedObject(name: "s", weight: 10)]),
            scripts: ["s": Self.script("s", rise: 3, fall: 2)])
        #expect(tracking.scriptState("s") == .unknown)
        #expect(tracking.scriptResult("s", success: false).priority == 100)
        #expect(tracking.scriptState("s") == .down)
        #expect(tracking.scriptResult("s", success: true).priority == 100)
        #expect(tracking.scriptResult("s", success: true).priority == 100)
        // A failure in between starts the count again.
        #expect(tracking.scriptResult("s", success: false).priority == 100)
        _ = tracking.scriptResult("s", success: true)
        _ = tracking.scriptResult("s", success: true)
        #expect(tracking.scriptState("s") == .down)
        #expect(tracking.scriptResult("s", success: true).priority == 110)
        #expect(tracking.scriptState("s") == .up)
        #expect(tracking.scriptResult("s", success: false).priority == 110)
        // A success resets the fall count.
        _ = tracking.scriptResult("s", success: true)
        #expect(tracking.scriptResult("s", success: false).priority == 110)
        #expect(tracking.scriptResult("s", success: false).priority == 100)
        #expect(tracking.scriptState("s") == .down)
    }

    @Test func firstSuccessIsEnoughButInitFailNeedsRise() {
        var plain = VRRPTracking(
            configuration: Self.configuration(scripts: [VRRPTrackedObject(name: "s", weight: 10)]),
            scripts: ["s": Self.script("s", rise: 3)])
        #expect(plain.scriptResult("s", success: true).priority == 110)

        var initFail = VRRPTracking(
            configuration: Self.configuration(scripts: [VRRPTrackedObject(name: "s", weight: -10)]),
            scripts: ["s": Self.script("s", rise: 2, initFail: true)])
        // init_fail: counted as failed from the start.
        #expect(initFail.status.priority == 90)
        #expect(initFail.scriptResult("s", success: true).priority == 90)
        #expect(initFail.scriptResult("s", success: true).priority == 100)
    }

    /// Weight 0: FAULT while failed; before its first run the instance waits, out of service.
    @Test func unweightedScriptFaults() {
        var tracking = VRRPTracking(
            configuration: Self.configuration(scripts: [VRRPTrackedObject(name: "s")]),
            scripts: ["s": Self.script("s")])
        #expect(tracking.status == VRRPTrackingStatus(priority: 100, fault: false, waitingForScripts: true))
        #expect(tracking.scriptResult("s", success: false) == VRRPTrackingStatus(priority: 100, fault: true))
        #expect(tracking.faultReasons == ["script s failed"])
        #expect(tracking.scriptResult("s", success: true) == VRRPTrackingStatus(priority: 100))
    }

    /// The sum is clamped to 1...254; the owner stays at 255 whatever its weights.
    @Test func clampingAndTheOwner() {
        let objects = [VRRPTrackedObject(name: "a", weight: 200), VRRPTrackedObject(name: "b", weight: -253)]
        let blocks = ["a": Self.script("a"), "b": Self.script("b")]
        var high = VRRPTracking(configuration: Self.configuration(priority: 200, scripts: objects), scripts: blocks)
        #expect(high.scriptResult("a", success: true).priority == 254)
        #expect(high.scriptResult("b", success: false).priority == 147)
        #expect(high.scriptResult("a", success: false).priority == 1)
        var owner = VRRPTracking(configuration: Self.configuration(priority: 255, scripts: objects), scripts: blocks)
        #expect(owner.scriptResult("b", success: false).priority == 255)
    }

    /// Interfaces start up; the instance's own interface is tracked with weight 0 unless
    /// dont_track_primary.
    @Test func interfaces() {
        var tracking = VRRPTracking(
            configuration: Self.configuration(
                interfaces: [
                    VRRPTrackedObject(name: "eth1", weight: -50), VRRPTrackedObject(name: "eth2", weight: 25),
                ],
                interface: "eth0"))
        #expect(tracking.status.priority == 125)
        #expect(tracking.interface("eth1", isUp: false).priority == 75)
        #expect(tracking.interface("eth2", isUp: false).priority == 50)
        #expect(tracking.interface("eth0", isUp: false) == VRRPTrackingStatus(priority: 50, fault: true))
        #expect(tracking.faultReasons == ["interface eth0 down"])
        #expect(tracking.interface("eth0", isUp: true).fault == false)
        // Interfaces nobody tracks change nothing.
        let before = tracking.status
        #expect(tracking.interface("wlan0", isUp: false) == before)

        var untracked = Self.configuration(interface: "eth0")
        untracked.tracksPrimaryInterface = false
        var free = VRRPTracking(configuration: untracked)
        #expect(free.interface("eth0", isUp: false).fault == false)
    }

    /// track_file: value x weight within -254...253, -254 is FAULT; weight 0: non-zero is FAULT.
    @Test func files() {
        var tracking = VRRPTracking(
            configuration: Self.configuration(files: [
                VRRPTrackedObject(name: "f", weight: 2), VRRPTrackedObject(name: "g"),
                VRRPTrackedObject(name: "r", weight: 1, reverse: true),
            ]))
        #expect(tracking.fileValue("f", 10).priority == 120)
        #expect(tracking.fileValue("f", -30).priority == 40)
        #expect(tracking.fileValue("f", 1000) == VRRPTrackingStatus(priority: 254))
        #expect(tracking.fileValue("f", -127) == VRRPTrackingStatus(priority: 100, fault: true))
        #expect(tracking.fileValue("f", 0) == VRRPTrackingStatus(priority: 100))
        #expect(tracking.fileValue("g", 1).fault)
        #expect(tracking.fileValue("g", 0).fault == false)
        #expect(tracking.fileValue("r", 7).priority == 93)
    }
}
