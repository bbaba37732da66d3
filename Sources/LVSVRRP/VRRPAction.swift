import LVSVocabulary

/// What the caller of a `VRRPInstance` must do, in the order given. The instance does no I/O.
public enum VRRPAction: Sendable, Hashable {
    /// Send one advert with this priority (0: the master is leaving).
    case sendAdvertisement(priority: UInt8)
    /// Claim the virtual addresses, then run notify_master.
    case becomeMaster
    /// Release the virtual addresses if held, then run notify_backup.
    case becomeBackup
    /// Release the virtual addresses if held, then run notify_fault.
    case becomeFault
    /// Release the virtual addresses if held, then run notify_stop: the instance has shut down.
    case stop
    /// Send `count` gratuitous ARPs (IPv4) or unsolicited neighbour advertisements (IPv6) for every
    /// virtual address now.
    case sendGratuitousBurst(count: Int)
    /// The same at `at` if still master then (keepalived's garp_master_delay).
    case scheduleGratuitousBurst(at: Instant, count: Int)
    /// While master, a burst of `count` every `interval` milliseconds from `start` on
    /// (garp_master_refresh; off by default).
    case scheduleGratuitousRefresh(start: Instant, intervalMilliseconds: Int64, count: Int)
    /// Call `timerFired` at this instant (replaces any earlier timer).
    case setTimer(Instant)
    case cancelTimer
}
