/// keepalived's number readers (lib/parser.c read_unsigned_func, read_int_func,
/// read_decimal_unsigned_long_func) with their messages as `keepalived -t` prints them.
extension ConfigReader {
    func readUnsigned(_ text: String, min: UInt32, max: UInt32, at location: SourceLocation) -> UInt32? {
        let parsed = CNumber.parse(text)
        if text.drop(while: { $0 == " " || $0 == "\t" }).first == "-" {
            log.error("negative number '\(text)'", at: location, status: .invalidNumber)
        } else if parsed.hasTrailingText {
            log.error("invalid number '\(text)'", at: location, status: .invalidNumber)
        } else if parsed.overflowed || parsed.value > UInt64(UInt32.max) {
            log.error("number '\(text)' outside unsigned integer range", at: location, status: .invalidNumber)
        } else if parsed.value < UInt64(min) || parsed.value > UInt64(max) {
            log.error("number '\(text)' outside range [\(min), \(max)]", at: location, status: .invalidNumber)
        } else {
            return UInt32(parsed.value)
        }
        return nil
    }

    func readInt(_ text: String, min: Int32, max: Int32, at location: SourceLocation) -> Int32? {
        let trimmed = text.drop(while: { $0 == " " || $0 == "\t" })
        let negative = trimmed.first == "-"
        let parsed = CNumber.parse(text)
        let magnitudeLimit = negative ? UInt64(Int32.max) + 1 : UInt64(Int32.max)
        if parsed.hasTrailingText {
            log.error("invalid number '\(text)'", at: location, status: .invalidNumber)
        } else if parsed.overflowed || parsed.value > magnitudeLimit {
            log.error("number '\(text)' outside integer range", at: location, status: .invalidNumber)
        } else {
            let value = negative ? -Int64(parsed.value) : Int64(parsed.value)
            if value < Int64(min) || value > Int64(max) {
                log.error("number '\(text)' outside range [\(min), \(max)]", at: location, status: .invalidNumber)
                return nil
            }
            return Int32(value)
        }
        return nil
    }

    /// A timer in seconds with up to six decimals (read_timer); `max` nil is keepalived's TIMER_MAXIMUM.
    func readTimer(
        _ text: String, minMicroseconds: UInt64, maxMicroseconds: UInt64? = nil,
        at location: SourceLocation
    ) -> KeepalivedDuration? {
        let maximum = maxMicroseconds ?? (UInt64.max - 1)
        if text.first == "-" {
            log.error("negative number '\(text)'", at: location, status: .invalidNumber)
            return nil
        }
        let shift = 6
        var integral = Substring(text)
        var fraction = Substring("")
        var roundUp = false
        if let dot = text.firstIndex(of: ".") {
            integral = text[..<dot]
            fraction = text[text.index(after: dot)...]
            if fraction.count > shift {
                log.warning("number '\(text)' has too many decimal places", at: location, status: .invalidNumber)
                let next = fraction[fraction.index(fraction.startIndex, offsetBy: shift)]
                roundUp = next >= "5"
                fraction = fraction.prefix(shift)
            }
        }
        let digits = String(integral) + fraction + String(repeating: "0", count: shift - fraction.count)
        let parsed = CNumber.parse(digits)
        let value = parsed.overflowed ? UInt64.max : parsed.value &+ (roundUp ? 1 : 0)
        if parsed.hasTrailingText {
            log.error("invalid number '\(text)'", at: location, status: .invalidNumber)
        } else if parsed.overflowed {
            log.error("number '\(text)' outside unsigned decimal range", at: location, status: .invalidNumber)
        } else if value < minMicroseconds || value > maximum {
            log.error(
                "number '\(text)' outside range [\(Self.decimal(minMicroseconds)), \(Self.decimal(maximum))]",
                at: location, status: .invalidNumber)
        } else {
            return KeepalivedDuration(microseconds: value)
        }
        return nil
    }

    /// `%lu.%06lu`, as the range message prints limits.
    static func decimal(_ microseconds: UInt64) -> String {
        let fraction = String(microseconds % 1_000_000)
        return "\(microseconds / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}
