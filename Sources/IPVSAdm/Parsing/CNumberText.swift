import LVSCore
import LVSVocabulary

/// Number and address conversions with the exact acceptance rules of the C library calls
/// ipvsadm makes (strtol, atoi, inet_aton, inet_pton). ipvsadm's validation messages depend
/// on what these accept, e.g. `-w " 5"` is a valid weight and `-r 198.19.1` means 198.19.0.1.
enum CNumberText {
    /// C `isspace` in the "C" locale.
    static func isCSpace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0d)
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// `strtol(s, &end, 10)` on a 64-bit long, reporting whether the whole string was used.
    /// Returns nil when no digits were read or the value overflowed (ERANGE).
    static func strtolWhole(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        var i = 0
        while i < b.count && isCSpace(b[i]) { i += 1 }
        var negative = false
        if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        let digitsStart = i
        var magnitude: UInt64 = 0
        var overflow = false
        while i < b.count && isDigit(b[i]) {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(b[i] - 0x30))
            if o1 || o2 { overflow = true }
            magnitude = a
            i += 1
        }
        guard i > digitsStart, i == b.count, !overflow else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// ipvsadm's `string_to_number(s, min, max)`: the whole string is a base-10 number in range.
    static func number(_ text: String, in range: ClosedRange<Int64>) -> Int64? {
        guard let v = strtolWhole(text), range.contains(v) else { return nil }
        return v
    }

    /// C `atoi` as glibc implements it: `(int)strtol(s, NULL, 10)`, stopping at the first non-digit.
    static func atoi(_ text: String) -> Int32 {
        let b = Array(text.utf8)
        var i = 0
        while i < b.count && isCSpace(b[i]) { i += 1 }
        var negative = false
        if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        var value: Int64 = 0
        var saturated = false
        while i < b.count && isDigit(b[i]) {
            if !saturated {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(b[i] - 0x30))
                if o1 || o2 {
                    saturated = true
                    value = Int64.max
                } else {
                    value = a
                }
            }
            i += 1
        }
        if negative { value = saturated ? Int64.min : -value }
        return Int32(truncatingIfNeeded: value)
    }

    /// glibc `inet_aton`: 1 to 4 parts in C notation (decimal, 0x hex, 0 octal); the last part
    /// fills the remaining bytes; trailing text is allowed after a white-space character.
    static func inetAton(_ text: String) -> UInt32? {
        let b = Array(text.utf8)
        var parts: [UInt64] = []
        var i = 0
        var value: UInt64 = 0
        while true {
            guard i < b.count, isDigit(b[i]) else { return nil }
            guard let (v, end) = strtoulAuto(b, from: i), v <= 0xffff_ffff else { return nil }
            value = v
            i = end
            if i < b.count && b[i] == UInt8(ascii: ".") {
                if parts.count > 2 || value > 0xff { return nil }
                parts.append(value)
                i += 1
            } else {
                break
            }
        }
        if i < b.count && !isCSpace(b[i]) { return nil }
        let limits: [UInt64] = [0xffff_ffff, 0xff_ffff, 0xffff, 0xff]
        guard value <= limits[parts.count] else { return nil }
        var result = UInt32(truncatingIfNeeded: value)
        for (n, p) in parts.enumerated() {
            result |= UInt32(p) << UInt32(24 - 8 * n)
        }
        return result
    }

    /// `strtoul(p, &end, 0)` starting at a digit: 0x/0X hex, leading 0 octal, else decimal.
    /// Returns nil on overflow.
    private static func strtoulAuto(_ b: [UInt8], from start: Int) -> (UInt64, Int)? {
        var i = start
        var base: UInt64 = 10
        if b[i] == UInt8(ascii: "0") {
            // "0x" counts as a hex prefix only when a hex digit follows; else the 0 stands alone.
            if i + 2 < b.count,
                b[i + 1] == UInt8(ascii: "x") || b[i + 1] == UInt8(ascii: "X"),
                hexValue(b[i + 2]) != nil
            {
                base = 16
                i += 2
            } else {
                base = 8
            }
        }
        var v: UInt64 = 0
        var overflow = false
        while i < b.count, let d = digitValue(b[i], base: base) {
            let (m, o1) = v.multipliedReportingOverflow(by: base)
            let (a, o2) = m.addingReportingOverflow(d)
            if o1 || o2 { overflow = true }
            v = a
            i += 1
        }
        return overflow ? nil : (v, i)
    }

    private static func hexValue(_ c: UInt8) -> UInt64? {
        switch c {
        case 0x30...0x39: UInt64(c - 0x30)
        case 0x61...0x66: UInt64(c - 0x61 + 10)
        case 0x41...0x46: UInt64(c - 0x41 + 10)
        default: nil
        }
    }

    private static func digitValue(_ c: UInt8, base: UInt64) -> UInt64? {
        guard let v = hexValue(c), v < base else { return nil }
        return v
    }

    /// `inet_pton(AF_INET6, ...)`.
    static func inetPton6(_ text: String) -> InetAddress? {
        // Swift's integer parsing would take a sign; inet_pton takes only hex digits, ':' and '.'.
        guard !text.isEmpty,
            text.utf8.allSatisfy({ hexValue($0) != nil || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }),
            let groups = InetAddress.parseV6(text)
        else { return nil }
        return InetAddress(v6: groups)
    }

    /// `inet_pton(AF_INET, ...)`: strict dotted quad.
    static func inetPton4(_ text: String) -> UInt32? {
        InetAddress.parseV4(text)
    }
}
