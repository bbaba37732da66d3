/// A keepalived timer value. keepalived reads timers as decimal seconds with up to six decimal
/// places (read_timer, TIMER_HZ = 1000000) and keeps micro-seconds; so does this type.
public struct KeepalivedDuration: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var microseconds: UInt64

    public init(microseconds: UInt64) {
        self.microseconds = microseconds
    }

    public static func seconds(_ seconds: UInt64) -> Self {
        Self(microseconds: seconds * 1_000_000)
    }

    public static func < (a: Self, b: Self) -> Bool { a.microseconds < b.microseconds }

    /// Seconds as keepalived writes them (format_decimal): `6`, `0.5`, `2.125`.
    public var description: String {
        let whole = microseconds / 1_000_000
        var fraction = microseconds % 1_000_000
        guard fraction != 0 else { return "\(whole)" }
        var digits = 6
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let text = String(fraction)
        return "\(whole)." + String(repeating: "0", count: digits - text.count) + text
    }
}
