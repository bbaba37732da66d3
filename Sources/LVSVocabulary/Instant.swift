/// A point on a monotonic clock, in milliseconds. Time is always passed in, so tests never sleep.
public struct Instant: Hashable, Comparable, Sendable, Codable {
    public var milliseconds: Int64
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    public static let zero = Instant(milliseconds: 0)
    public static func seconds(_ s: Int64) -> Instant { Instant(milliseconds: s * 1000) }
    public static func < (a: Instant, b: Instant) -> Bool { a.milliseconds < b.milliseconds }
    public static func + (a: Instant, ms: Int64) -> Instant { Instant(milliseconds: a.milliseconds + ms) }
    public static func - (a: Instant, b: Instant) -> Int64 { a.milliseconds - b.milliseconds }
}
