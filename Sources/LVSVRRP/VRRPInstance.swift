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

    public init(configuration: VRRPInstanceConfiguration, primaryAddress: InetAddress) {
        self.configuration = configuration
        self.primaryAddress = configuration.unicastSourceAddress ?? primaryAddress
        self.masterAdvertisementInterval = configuration.advertisementInterval
    }

    public var priority: UInt8 { configuration.priority }
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
        guard interfaceUp else {
            state = .fault
            return [.becomeFault, .cancelTimer]
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
        guard let deadline = timerDeadline, now >= deadline else { return [] }
        switch state {
        case .backup:
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
        return actions
    }

    /// The interface (or what it depends on) went down: FAULT. A master first sends priority 0,
    /// as keepalived does when leaving MASTER for FAULT.
    public mutating func interfaceDown(now: Instant) -> [VRRPAction] {
        guard state == .backup || state == .master else { return [] }
        var actions: [VRRPAction] = []
        if state == .master { actions.append(.sendAdvertisement(priority: 0)) }
        state = .fault
        timerDeadline = nil
        preemptDeadline = nil
        masterAddress = nil
        return actions + [.becomeFault, .cancelTimer]
    }

    /// The interface is back: out of FAULT as from startup, with our own interval again.
    public mutating func interfaceUp(now: Instant) -> [VRRPAction] {
        guard state == .fault else { return [] }
        masterAdvertisementInterval = configuration.advertisementInterval
        if isAddressOwner && configuration.initialState == .master { return becomeMaster(now: now) }
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
        // A lower priority master: advertise now to force a new election (keepalived's default).
        return [.sendAdvertisement(priority: priority)]
    }

    // MARK: Transitions

    var advertInterval: Int64 { VRRPTiming.interval(configuration.advertisementInterval) }

    mutating func becomeMaster(now: Instant) -> [VRRPAction] {
        state = .master
        masterAddress = nil
        preemptDeadline = nil
        masterAdvertisementInterval = configuration.advertisementInterval
        // The advert goes first so the old master drops the addresses before our ARPs arrive.
        var actions: [VRRPAction] = [.sendAdvertisement(priority: priority), .becomeMaster]
        if configuration.gratuitousRepeat > 0 {
            actions.append(.sendGratuitousBurst(count: configuration.gratuitousRepeat))
            if configuration.gratuitousDelay > 0 {
                actions.append(
                    .scheduleGratuitousBurst(
                        at: now + configuration.gratuitousDelay, count: configuration.gratuitousRepeat))
            }
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
        preemptDeadline = nil
        return [.becomeBackup, arm(now: now, microseconds: masterDownInterval)]
    }

    mutating func arm(now: Instant, microseconds: Int64) -> VRRPAction {
        let deadline = now + VRRPTiming.milliseconds(microseconds)
        timerDeadline = deadline
        return .setTimer(deadline)
    }
}
