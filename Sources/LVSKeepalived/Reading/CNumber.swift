/// strtoul/strtoull as keepalived relies on them: leading blanks, an optional sign, decimal
/// digits; reports where parsing stopped and whether the value overflowed 64 bits.
enum CNumber {
    struct Parsed {
        var value: UInt64
        /// True when characters follow the number (or there were no digits in a non-empty string).
        var hasTrailingText: Bool
        var overflowed: Bool
    }

    static func parse(_ text: String) -> Parsed {
        let chars = Array(text.utf8)
        var i = 0
        while i < chars.count, chars[i] == 32 || (chars[i] >= 9 && chars[i] <= 13) {
            i += 1
        }
        let signStart = i
        if i < chars.count, chars[i] == UInt8(ascii: "+") || chars[i] == UInt8(ascii: "-") {
            i += 1
        }
        let digitStart = i
        var value: UInt64 = 0
        var overflowed = false
        while i < chars.count, chars[i] >= 48, chars[i] <= 57 {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(UInt64(chars[i] - 48))
            overflowed = overflowed || o1 || o2
            value = sum
            i += 1
        }
        // With no digits strtoul leaves the end pointer at the start of the string.
        let end = i == digitStart ? 0 : i
        _ = signStart
        return Parsed(
            value: overflowed ? UInt64.max : value, hasTrailingText: end < chars.count,
            overflowed: overflowed)
    }
}
