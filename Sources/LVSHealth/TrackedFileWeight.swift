/// What a FILE_CHECK makes of the value read from its track_file (keepalived's
/// update_track_file_status() for real servers):
/// - weight 0: a non-zero value is a fault, zero is OK (with `reverse`, the other way round);
/// - otherwise value × weight (× -1 with `reverse`), clamped to 32 bits, is added to the real
///   server's weight, and -2^31 (IPVS_WEIGHT_FAULT) or less puts the checker down.
///
/// The weight is FILE_CHECK's `weight` if given, else the track_file's (default 1).
public struct TrackedFileWeight: Sendable, Equatable {
    public var weight: Int32
    public var reverse: Bool

    public init(weight: Int32 = 1, reverse: Bool = false) {
        self.weight = weight
        self.reverse = reverse
    }

    public enum Verdict: Sendable, Equatable {
        /// Up, with this much added to the real server's weight.
        case up(weightAdjustment: Int32)
        case fault
    }

    public func verdict(for value: Int64) -> Verdict {
        if weight == 0 {
            return (value != 0) != reverse ? .fault : .up(weightAdjustment: 0)
        }
        let product = value.multipliedReportingOverflow(by: Int64(weight) * (reverse ? -1 : 1))
        let negativeProduct = ((value < 0) != (weight < 0)) != reverse
        let scaled: Int64 = product.overflow ? (negativeProduct ? Int64.min : Int64.max) : product.partialValue
        let clamped = Int32(clamping: scaled)
        return clamped == Int32.min ? .fault : .up(weightAdjustment: clamped)
    }
}
