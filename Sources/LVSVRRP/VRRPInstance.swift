import LVSVocabulary
import LVSWire

/// One VRRP instance as a value (RFC 3768/5798 section 6.4, with keepalived's choices): events go
/// in with the time, actions come out; the caller sends, arms the one timer, runs scripts.
///
/// The timer is the Adver_Timer while master and the Master_Down_Timer while backup; a
/// `timerFired` before the deadline last set (a stale wake-up) changes nothing.
public struct VRRPInstance: Sendable {
    public let configuration: VRRPInstanceConfiguration
    /// Our primary address on the interface: the source of our adverts and the tie-breaker
    /// between equal priorities (the higher address wins).
    public let primaryAddress: InetAddress
    public private(set) var state: VRRPState = .initialize
    /// The interval the current master advertises (v3 follows it; v2 requires it to be ours).
    public private(set) var masterAdvertisementInterval: Int
    /// The master's address as last heard (nil: none heard yet, or we are master).
    public private(set) var masterAddress: InetAddress?
    public private(set) var timerDeadline: Instant?
    /// While backup with preempt_delay: when a lower-priority master may be preempted.
    public private(set) var preemptDeadline: Instant?
    /// The priority advertised and compared: the configured one moved by tracked objects
    /// (`priorityChanged(to:now:)`); the address owner's never moves.
    public private(set) var effectivePriority: UInt8
    /// A tracked object holds the instance in FAULT (`trackingFault(now:)`).
    public private(set) var trackingFault = false
    /// A weight-0 script has not reported yet: out of service without notify_fault.
    public private(set) var waitingForScripts = false
    /// The interface is down (`interfaceDown(now:)` or a start with the interface down).
    public private(set) var interfaceIsDown = false
    /// A sync group put the instance in FAULT for another member's fault.
    public private(set) var heldInFaultBySyncGroup = false
    /// In FAULT for a reason of its own (interface, tracking, scripts not run yet), as opposed to
    /// being held there by its sync group.
    public var hasOwnFault: Bool { interfaceIsDown || trackingFault || waitingForScripts }
    /// keepalived's wantstate MASTER while backup: the Master_Down_Timer ran out but the sync
    /// group held the instance back (`timerFired(now:mayBecomeMaster:)`).
    public private(set) var wantsMaster = false
    /// In FAULT without having told anyone (keepalived's INIT-state scripts): no notify yet.
    var faultIsSilent = false

    public init(configuration: VRRPInstanceConfiguration, primaryAddress: InetAddress) {
        self.configuration = configuration
        self.primaryAddress = configuration.unicastSourceAddress ?? primaryAddress
        self.masterAdvertisementInterval = configuration.advertisementInterval
        self.effectivePriority = configuration.priority
    }

    /// The priority in force (the effective priority, as keepalived advertises and compares it).
    public var priority: UInt8 { effectivePriority }
    public var isAddressOwner: Bool { configuration.priority == 255 }

    /// Skew_Time now, in microseconds.
    public var skewTime: Int64 {
        VRRPTiming.skew(
            version: configuration.version, priority: priority,
            masterAdvertisementInterval: masterAdvertisementInterval)
    }

    /// Master_Down_Interval now, in microseconds.
    public var masterDownInterval: Int64 {
        VRRPTiming.masterDown(
            version: configuration.version, priority: priority,
            masterAdvertisementInterval: masterAdvertisementInterval)
    }

    /// The advert to send for `.sendAdvertisement(priority:)`: our addresses and interval.
    public func advertisement(priority advertised: UInt8) -> VRRPAdvertisement {
        VRRPAdvertisement(
            version: configuration.version, virtualRouterID: configuration.virtualRouterID, priority: advertised,
            advertisementInterval: configuration.advertisementInterval, addresses: configuration.virtualAddresses,
            authentication: configuration.version == .v2 ? configuration.authentication : .none)
    }

    // MARK: Events

    /// Startup with the interface up or down. The owner of the addresses becomes master at once;
    /// every other instance starts as backup, even with `state MASTER`, as keepalived does, and
    /// takes over only if no master speaks within Master_Down_Interval.
    public mutating func start(now: Instant, interfaceUp: Bool = true) -> [VRRPAction] {
        guard state == .initialize else { return [] }
        interfaceIsDown = !interfaceUp
        if interfaceIsDown || trackingFault {
            state = .fault
            return [.becomeFault, .cancelTimer]
        }
        if waitingForScripts {
            // vrrp_scheduler.c vrrp_init_state: FAULT, but notifies only for a real fault.
            state = .fault
            faultIsSilent = true
            return [.cancelTimer]
        }
        if isAddressOwner && configuration.initialState == .master {
            return becomeMaster(now: now)
        }
        return becomeBackup(now: now)
    }

    /// An advert that passed the receive checks. `advertisementInterval` in centiseconds.
    public mutating func advertisementReceived(
        priority advertised: UInt8, source: InetAddress, advertisementInterval: Int, now: Instant
    ) -> [VRRPAction] {
        switch state {
        case .backup: return backupReceived(advertised, source: source, interval: advertisementInterval, now: now)
        case .master: return masterReceived(advertised, source: source, interval: advertisementInterval, now: now)
        case .initialize, .fault: return []
        }
    }

    /// The same from a parsed advert.
    public mutating func advertisementReceived(_ advert: VRRPReceivedAdvertisement, now: Instant) -> [VRRPAction] {
        advertisementReceived(
            priority: advert.advertisement.priority, source: advert.source,
            advertisementInterval: advert.advertisement.advertisementInterval, now: now)
    }

    public mutating func timerFired(now: Instant) -> [VRRPAction] {
        timerFired(now: now, mayBecomeMaster: true)
    }

    /// The same for a member of a vrrp_sync_group: `mayBecomeMaster` is
    /// `VRRPSyncGroup.mayBecomeMaster`. When it is false a backup whose Master_Down_Timer ran
    /// out stays backup wanting master, and waits another Master_Down_Interval (vrrp_sync.c
    /// vrrp_sync_can_goto_master).
    public mutating func timerFired(now: Instant, mayBecomeMaster: Bool) -> [VRRPAction] {
        guard let deadline = timerDeadline, now >= deadline else { return [] }
        switch state {
        case .backup:
            guard mayBecomeMaster else {
                wantsMaster = true
                return [arm(now: now, microseconds: masterDownInterval)]
            }
            // Master_Down_Timer expired: no master (or only one we may preempt) spoke in time.
            return becomeMaster(now: now)
        case .master:
            return [.sendAdvertisement(priority: priority), arm(now: now, microseconds: advertInterval)]
        case .initialize, .fault:
            return []
        }
    }

    /// Shutdown: a master says goodbye with priority 0 so a backup takes over after Skew_Time
    /// rather than Master_Down_Interval.
    public mutating func shutdown(now: Instant) -> [VRRPAction] {
        var actions: [VRRPAction] = []
        if state == .master { actions.append(.sendAdvertisement(priority: 0)) }
        if state != .initialize { actions += [.stop, .cancelTimer] }
        state = .initialize
        timerDeadline = nil
        preemptDeadline = nil
        masterAddress = nil
        wantsMaster = false
        heldInFaultBySyncGroup = false
        faultIsSilent = false
        return actions
    }

    /// The interface (or what it depends on) went down: FAULT. A master first sends priority 0,
    /// as keepalived does when leaving MASTER for FAULT.
    public mutating func interfaceDown(now: Instant) -> [VRRPAction] {
        interfaceIsDown = true
        return enterFault()
    }

    /// The interface is back: out of FAULT as from startup, with our own interval again
    /// (unless a tracked object or the sync group still holds it there).
    public mutating func interfaceUp(now: Instant) -> [VRRPAction] {
        interfaceIsDown = false
        return leaveFault(now: now)
    }

    // MARK: Tracking (VRRPTracking's outcome)

    /// The effective priority changed (vrrp_track.c vrrp_set_effective_priority). A master
    /// advertises the new priority from its next advert on; a backup's Master_Down_Timer moves
    /// by the change of its Skew_Time, and a backup now above the master's priority preempts
    /// when it ignores the master's next (lower) advert and that timer runs out. The address
    /// owner's priority never changes.
    public mutating func priorityChanged(to newPriority: UInt8, now: Instant) -> [VRRPAction] {
        guard !isAddressOwner, newPriority != effectivePriority else { return [] }
        let oldDown = VRRPTiming.milliseconds(masterDownInterval)
        effectivePriority = max(1, min(254, newPriority))
        guard state == .backup, let deadline = timerDeadline else { return [] }
        let moved = deadline + (VRRPTiming.milliseconds(masterDownInterval) - oldDown)
        timerDeadline = moved
        return [.setTimer(moved)]
    }

    /// A weight-0 tracked object went down (vrrp_track.c down_instance): FAULT, a master first
    /// sending priority 0.
    public mutating func trackingFault(now: Instant) -> [VRRPAction] {
        trackingFault = true
        return enterFault()
    }

    /// Every tracked object is fine again (vrrp_scheduler.c try_up_instance): out of FAULT as
    /// from startup, unless the interface or the sync group still holds it there.
    public mutating func trackingRecovered(now: Instant) -> [VRRPAction] {
        trackingFault = false
        waitingForScripts = false
        return leaveFault(now: now)
    }

    /// A `VRRPTracking` outcome: the priority first, then into or out of FAULT as needed.
    /// Before `start` it is only recorded (start then begins in FAULT if it must).
    public mutating func trackingChanged(_ status: VRRPTrackingStatus, now: Instant) -> [VRRPAction] {
        var actions = priorityChanged(to: status.priority, now: now)
        let wasDown = trackingFault || waitingForScripts
        if status.fault {
            waitingForScripts = status.waitingForScripts
            actions += trackingFault(now: now)
        } else if status.waitingForScripts {
            // Scripts never go back to "not run yet"; only reached before start.
            trackingFault = false
            waitingForScripts = true
            actions += enterFault()
        } else if wasDown {
            actions += trackingRecovered(now: now)
        }
        return actions
    }

    // MARK: Sync group commands (VRRPSyncGroup's decisions)

    /// vrrp_sync.c vrrp_sync_master: another member became master; so does this one at once.
    public mutating func syncToMaster(now: Instant) -> [VRRPAction] {
        guard state == .backup else { return [] }
        return becomeMaster(now: now)
    }

    /// vrrp_sync.c vrrp_sync_backup: another member became backup (a master steps down without
    /// priority 0), or the group's fault is over (a member held in FAULT by the group comes back).
    public mutating func syncToBackup(now: Instant) -> [VRRPAction] {
        switch state {
        case .master:
            state = .backup
            wantsMaster = false
            return [.becomeBackup, arm(now: now, microseconds: masterDownInterval)]
        case .fault:
            heldInFaultBySyncGroup = false
            return leaveFault(now: now, toBackup: true)
        case .backup, .initialize:
            return []
        }
    }

    /// vrrp_sync.c vrrp_sync_fault: another member is in FAULT; this one follows (a master first
    /// sending priority 0), and stays until the group's fault is over.
    public mutating func syncToFault(now: Instant) -> [VRRPAction] {
        guard state != .initialize else { return [] }
        heldInFaultBySyncGroup = true
        // Already in FAULT (the member that failed, or one waiting for its scripts): only held.
        guard state != .fault else { return [] }
        return enterFault()
    }

    /// Applies a `VRRPSyncGroup` command.
    public mutating func apply(_ command: VRRPSyncCommand, now: Instant) -> [VRRPAction] {
        switch command.state {
        case .master: syncToMaster(now: now)
        case .backup: syncToBackup(now: now)
        case .fault: syncToFault(now: now)
        case .initialize: []
        }
    }

    // MARK: FAULT

    /// Into FAULT from BACKUP or MASTER; a FAULT not yet announced is announced now.
    mutating func enterFault() -> [VRRPAction] {
        if state == .fault && faultIsSilent {
            faultIsSilent = false
            return [.becomeFault]
        }
        guard state == .backup || state == .master else { return [] }
        var actions: [VRRPAction] = []
        // keepalived sends priority 0 when a master leaves for FAULT (vrrp.c
        // vrrp_state_leave_master); it sends it twice there, once is enough for a backup.
        if state == .master { actions.append(.sendAdvertisement(priority: 0)) }
        state = .fault
        faultIsSilent = false
        wantsMaster = false
        timerDeadline = nil
        preemptDeadline = nil
        masterAddress = nil
        return actions + [.becomeFault, .cancelTimer]
    }

    /// Out of FAULT once nothing holds the instance there: the owner with `state MASTER` straight
    /// to master, any other to backup (vrrp_scheduler.c try_up_instance). `toBackup`: a sync
    /// group's vrrp_sync_backup, which always goes to backup.
    mutating func leaveFault(now: Instant, toBackup: Bool = false) -> [VRRPAction] {
        guard state == .fault, !interfaceIsDown, !trackingFault, !waitingForScripts, !heldInFaultBySyncGroup else {
            return []
        }
        faultIsSilent = false
        masterAdvertisementInterval = configuration.advertisementInterval
        if !toBackup && isAddressOwner && configuration.initialState == .master { return becomeMaster(now: now) }
        return becomeBackup(now: now)
    }

    // MARK: Backup

    mutating func backupReceived(
        _ advertised: UInt8, source: InetAddress, interval: Int, now: Instant
    )
        -> [VRRPAction]
    {
        if advertised == 0 {
            // The master is leaving: take over after Skew_Time only.
            return [arm(now: now, microseconds: skewTime)]
        }
        let preemptHeldOff =
            configuration.preemptDelay > 0 && (preemptDeadline.map { $0 > now } ?? true)
        guard !configuration.preempt || advertised >= priority || preemptHeldOff else {
            // A lower priority master we may preempt: let the down timer run out.
            return []
        }
        if configuration.version == .v3 { masterAdvertisementInterval = interval }
        masterAddress = source
        // vrrp.c vrrp_state_backup: an accepted advert means we want BACKUP again.
        wantsMaster = false
        if configuration.preemptDelay > 0 {
            if advertised >= priority {
                preemptDeadline = nil
            } else if preemptDeadline == nil {
                preemptDeadline = now + configuration.preemptDelay
            }
        }
        return [arm(now: now, microseconds: masterDownInterval)]
    }

    // MARK: Master

    mutating func masterReceived(
        _ advertised: UInt8, source: InetAddress, interval: Int, now: Instant
    )
        -> [VRRPAction]
    {
        if advertised == 0 {
            // Another router left: answer at once so its backups hear a master (RFC 5798 6.4.3).
            return [.sendAdvertisement(priority: priority), arm(now: now, microseconds: advertInterval)]
        }
        if advertised > priority || (advertised == priority && source > primaryAddress) {
            if configuration.version == .v3 { masterAdvertisementInterval = interval }
            masterAddress = source
            state = .backup
            return [.becomeBackup, arm(now: now, microseconds: masterDownInterval)]
        }
        if advertised == priority && source == primaryAddress {
            // Our own advert looped back (or a misconfigured twin): nothing to decide.
            return []
        }
        // A lower priority master: advertise now to force a new election (keepalived's default),
        // and refresh the neighbours' caches with garp_lower_prio_repeat gratuitous ARPs, again
        // after garp_lower_prio_delay (vrrp.c vrrp_state_master_rx).
        var actions: [VRRPAction] = [.sendAdvertisement(priority: priority)]
        if configuration.lowerPriorityGratuitousRepeat > 0 {
            let count = configuration.lowerPriorityGratuitousRepeat
            actions.append(.sendGratuitousBurst(count: count))
            if configuration.lowerPriorityGratuitousDelay > 0 {
                actions.append(
                    .scheduleGratuitousBurst(at: now + configuration.lowerPriorityGratuitousDelay, count: count))
            }
        }
        return actions
    }

    // MARK: Transitions

    var advertInterval: Int64 { VRRPTiming.interval(configuration.advertisementInterval) }

    mutating func becomeMaster(now: Instant) -> [VRRPAction] {
        state = .master
        wantsMaster = false
        masterAddress = nil
        preemptDeadline = nil
        masterAdvertisementInterval = configuration.advertisementInterval
        // keepalived sends the advert first, so the old master drops the addresses from its
        // interface before our ARPs arrive. Here the addresses are claimed and announced first:
        // a director holds them at layer 2, with nothing to collide with, and the old master
        // lets go the moment our advert reaches it, so clients that still send to it in the
        // meantime would lose their SYNs; claimed first, they have already moved to us.
        var actions: [VRRPAction] = [.becomeMaster]
        if configuration.gratuitousRepeat > 0 {
            actions.append(.sendGratuitousBurst(count: configuration.gratuitousRepeat))
        }
        actions.append(.sendAdvertisement(priority: priority))
        if configuration.gratuitousRepeat > 0 && configuration.gratuitousDelay > 0 {
            actions.append(
                .scheduleGratuitousBurst(at: now + configuration.gratuitousDelay, count: configuration.gratuitousRepeat)
            )
        }
        if configuration.gratuitousRefresh > 0 {
            actions.append(
                .scheduleGratuitousRefresh(
                    start: now + configuration.gratuitousDelay + configuration.gratuitousRefresh,
                    intervalMilliseconds: configuration.gratuitousRefresh,
                    count: configuration.gratuitousRefreshRepeat))
        }
        actions.append(arm(now: now, microseconds: advertInterval))
        return actions
    }

    mutating func becomeBackup(now: Instant) -> [VRRPAction] {
        state = .backup
        wantsMaster = false
        preemptDeadline = nil
        return [.becomeBackup, arm(now: now, microseconds: masterDownInterval)]
    }

    mutating func arm(now: Instant, microseconds: Int64) -> VRRPAction {
        let deadline = now + VRRPTiming.milliseconds(microseconds)
        timerDeadline = deadline
        return .setTimer(deadline)
    }
}
