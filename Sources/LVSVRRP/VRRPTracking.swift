/// The tracked objects of one instance (interfaces, vrrp_scripts, track_files) as a value: the
/// runner reports what it observed, and gets back the effective priority and whether the
/// instance must be in FAULT, computed as keepalived 2.2.7 does (vrrp_track.c
/// vrrp_set_effective_priority, process_script_update_priority, initialise_*_priorities;
/// vrrp_scheduler.c vrrp_script_child_thread for rise/fall; trackers/track_file.c
/// process_update_vrrp_track_file_status).
///
/// Each object adds to the base priority according to its state: a positive weight while up, a
/// negative weight while down, negated by `reverse`; a weight-0 object puts the instance in
/// FAULT while down (while up, with `reverse`). A file adds value x weight, clamped to
/// -254...253, where -254 means FAULT; with weight 0 a non-zero value is FAULT. A script that
/// has not run yet adds nothing (and holds a weight-0 instance out of service) unless its
/// vrrp_script says `init_fail`.
public struct VRRPTracking: Sendable, Hashable {
    public enum ScriptState: String, Sendable, Hashable {
        case unknown, up, down
    }

    struct Script: Sendable, Hashable {
        var tracked: VRRPTrackedObject
        var rise: Int
        var fall: Int
        /// keepalived's vscript->result: 0...rise-1 is down, rise...rise+fall-1 is up.
        var result: Int
        var state: ScriptState
    }

    public let instanceName: String
    public let basePriority: UInt8
    private(set) var interfaces: [VRRPTrackedObject] = []
    private(set) var interfaceUp: [String: Bool] = [:]
    private(set) var scripts: [Script] = []
    private(set) var files: [VRRPTrackedObject] = []
    private(set) var fileValues: [String: Int64] = [:]

    /// `scripts` and `trackFiles` are the configuration's blocks (for rise, fall, init_fail);
    /// a tracked name missing from them is not tracked. Interfaces start up and files at 0:
    /// report the real states before starting the instance.
    public init(
        configuration: VRRPInstanceConfiguration, scripts scriptBlocks: [String: VRRPScript] = [:],
        trackFiles: [String: VRRPTrackFile] = [:]
    ) {
        instanceName = configuration.name
        basePriority = configuration.priority
        interfaces = configuration.trackedInterfaces
        if configuration.tracksPrimaryInterface, let primary = configuration.interface,
            !interfaces.contains(where: { $0.name == primary })
        {
            interfaces.insert(VRRPTrackedObject(name: primary), at: 0)
        }
        for tracked in configuration.trackedScripts {
            let block = scriptBlocks[tracked.name] ?? VRRPScript(name: tracked.name)
            let rise = max(1, block.rise)
            let fall = max(1, block.fall)
            // vrrp_scheduler.c vrrp_init_script: one success is enough at first; init_fail
            // starts failed.
            scripts.append(
                Script(
                    tracked: tracked, rise: rise, fall: fall, result: block.initFail ? 0 : rise - 1,
                    state: block.initFail ? .down : .unknown))
        }
        files = configuration.trackedFiles.filter { trackFiles.isEmpty || trackFiles[$0.name] != nil }
    }

    // MARK: Reports

    /// The interface's link (keepalived: IFF_UP and IFF_RUNNING) changed.
    public mutating func interface(_ name: String, isUp: Bool) -> VRRPTrackingStatus {
        if interfaces.contains(where: { $0.name == name }) { interfaceUp[name] = isUp }
        return status
    }

    /// One run of the vrrp_script ended: success is exit status 0; a non-zero exit, a signal or
    /// a timeout is a failure. Rise and fall are counted as keepalived counts them.
    public mutating func scriptResult(_ name: String, success: Bool) -> VRRPTrackingStatus {
        for index in scripts.indices where scripts[index].tracked.name == name {
            Self.record(success: success, in: &scripts[index])
        }
        return status
    }

    /// The track_file now holds `value` (see `VRRPTrackFile.value(contents:)`; a missing or
    /// deleted file is 0).
    public mutating func fileValue(_ name: String, _ value: Int64) -> VRRPTrackingStatus {
        if files.contains(where: { $0.name == name }) { fileValues[name] = value }
        return status
    }

    public func scriptState(_ name: String) -> ScriptState? {
        scripts.first { $0.tracked.name == name }?.state
    }

    static func record(success: Bool, in script: inout Script) {
        let top = script.rise + script.fall - 1
        if success {
            if script.result < script.rise - 1 {
                script.result += 1
            } else if script.result != top {
                if script.result < script.rise { script.state = .up }
                script.result = top
            }
        } else {
            if script.result > script.rise {
                script.result -= 1
            } else {
                if script.result == script.rise || script.state == .unknown { script.state = .down }
                script.result = 0
            }
        }
    }

    // MARK: The outcome

    public var status: VRRPTrackingStatus {
        VRRPTrackingStatus(priority: effectivePriority, fault: !faultReasons.isEmpty, waitingForScripts: waiting)
    }

    /// vrrp_set_effective_priority: the owner's priority never changes; others stay in 1...254.
    public var effectivePriority: UInt8 {
        if basePriority == 255 { return 255 }
        let total = Int(basePriority) + weightTotal
        return UInt8(min(254, max(1, total)))
    }

    /// The sum of the weights in force now.
    public var weightTotal: Int {
        var total = 0
        for tracked in interfaces where tracked.weight != 0 {
            total += Self.contribution(tracked, up: interfaceUp[tracked.name] ?? true)
        }
        for script in scripts where script.tracked.weight != 0 && script.state != .unknown {
            total += Self.contribution(script.tracked, up: script.state == .up)
        }
        for tracked in files where tracked.weight != 0 {
            let status = fileStatus(tracked)
            if status > -254 { total += status }
        }
        return total
    }

    /// Why the instance must be in FAULT, in words for the log (empty: it need not).
    public var faultReasons: [String] {
        var reasons: [String] = []
        for tracked in interfaces where tracked.weight == 0 {
            let up = interfaceUp[tracked.name] ?? true
            if up == tracked.reverse { reasons.append("interface \(tracked.name) \(up ? "up" : "down")") }
        }
        for script in scripts where script.tracked.weight == 0 && script.state != .unknown {
            let up = script.state == .up
            if up == script.tracked.reverse {
                reasons.append("script \(script.tracked.name) \(up ? "succeeded" : "failed")")
            }
        }
        for tracked in files where fileStatus(tracked) <= -254 {
            reasons.append("file \(tracked.name) has status \(fileValues[tracked.name] ?? 0)")
        }
        return reasons
    }

    var waiting: Bool {
        scripts.contains { $0.tracked.weight == 0 && $0.state == .unknown }
    }

    /// What a weighted object adds: a positive weight while up, a negative one while down.
    static func contribution(_ tracked: VRRPTrackedObject, up: Bool) -> Int {
        if up { return tracked.weight > 0 ? tracked.weight * tracked.multiplier : 0 }
        return tracked.weight < 0 ? tracked.weight * tracked.multiplier : 0
    }

    /// track_file.c: weight 0 → -254 (FAULT) for a non-zero value (zero, with reverse), else
    /// 0; otherwise value x weight, clamped to -254...253.
    func fileStatus(_ tracked: VRRPTrackedObject) -> Int {
        let value = fileValues[tracked.name] ?? 0
        if tracked.weight == 0 {
            return (value != 0) == !tracked.reverse ? -254 : 0
        }
        // A caller's value beyond keepalived's int32 range is clamped first, so the product fits.
        let bounded = min(max(value, Int64(Int32.min)), Int64(Int32.max) + 1)
        let product = bounded * Int64(tracked.weight * tracked.multiplier)
        return Int(min(253, max(-254, product)))
    }
}
