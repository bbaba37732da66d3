import LVSWire

/// The protocol's timers in microseconds, computed as keepalived computes them (integer
/// arithmetic in its timer units), so the fixtures' numbers match to the microsecond.
public enum VRRPTiming {
    /// Adverts a backup misses before the master is declared down (RFC 3768/5798 section 6.1).
    public static let missedAdvertisements: Int64 = 3

    /// Skew_Time. v2 (RFC 3768): (256 - Priority) / 256 seconds, whatever the interval. v3
    /// (RFC 5798): ((256 - Priority) * Master_Adver_Interval) / 256, the interval in centiseconds.
    /// Priority 255 (the owner) gives 256 - 255 = 1.
    public static func skew(version: VRRPVersion, priority: UInt8, masterAdvertisementInterval: Int) -> Int64 {
        let weight = Int64(256 - Int(priority))
        switch version {
        case .v2: return weight * 1_000_000 / 256
        case .v3: return weight * Int64(bounded(masterAdvertisementInterval)) * 625 / 16
        }
    }

    /// Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time.
    public static func masterDown(version: VRRPVersion, priority: UInt8, masterAdvertisementInterval: Int) -> Int64 {
        missedAdvertisements * interval(masterAdvertisementInterval)
            + skew(version: version, priority: priority, masterAdvertisementInterval: masterAdvertisementInterval)
    }

    /// Centiseconds to microseconds.
    public static func interval(_ centiseconds: Int) -> Int64 { Int64(bounded(centiseconds)) * 10_000 }

    /// Intervals the wire can carry (v2: 255 s, v3: 40.95 s): a caller's larger number cannot
    /// overflow the arithmetic.
    static func bounded(_ centiseconds: Int) -> Int { min(max(centiseconds, 0), 25_500) }

    /// Milliseconds for the caller's clock, rounded up so a timer never fires early.
    public static func milliseconds(_ microseconds: Int64) -> Int64 { (microseconds + 999) / 1000 }
}
