import LVSLinux

/// FILE_CHECK's reading of a track_file, as keepalived's process_track_file() does it: the first
/// 127 bytes are parsed with strtol(text, NULL, 0): leading white space, a sign, and decimal,
/// 0x hex or 0-prefixed octal digits; what follows the number is ignored, and text without a
/// number reads as 0. A missing, unreadable or empty file also reads as 0.
public enum TrackedFileValue {
    public enum Reading: Sendable, Equatable {
        case value(Int64)
        /// Out of range (below -2^31 or above 2^31): keepalived logs it and keeps the previous value.
        case ignored(String)
    }

    public static func read(path: String) -> Reading {
        guard let bytes = TextFile.readPrefix(path, maxBytes: 127), !bytes.isEmpty else { return .value(0) }
        return parse(bytes)
    }

    public static func parse(_ bytes: [UInt8]) -> Reading {
        guard let value = strtolValue(bytes) else { return .ignored("number out of range") }
        guard value >= Int64(Int32.min), value <= Int64(Int32.max) + 1 else {
            return .ignored("number \(value) out of range")
        }
        return .value(value)
    }

    /// strtol with base 0 on 64-bit longs; nil where it sets ERANGE.
    static func strtolValue(_ bytes: [UInt8]) -> Int64? {
        var index = 0
        // strtol stops at a NUL, as the C string ends there.
        let text = bytes.prefix { $0 != 0 }
        while index < text.count, [9, 10, 11, 12, 13, 32].contains(text[index]) { index += 1 }
        var negative = false
        if index < text.count, text[index] == 43 || text[index] == 45 {
            negative = text[index] == 45
            index += 1
        }
        var base: Int64 = 10
        if index < text.count, text[index] == 48 {
            let hasHexDigitAfterPrefix = index + 2 < text.count && digit(text[index + 2], base: 16) != nil
            if index + 1 < text.count, text[index + 1] | 0x20 == UInt8(ascii: "x"), hasHexDigitAfterPrefix {
                base = 16
                index += 2
            } else {
                base = 8
            }
        }
        var magnitude: UInt64 = 0
        var overflow = false
        while index < text.count, let value = digit(text[index], base: base) {
            let (times, overflowA) = magnitude.multipliedReportingOverflow(by: UInt64(base))
            let (sum, overflowB) = times.addingReportingOverflow(UInt64(value))
            if overflowA || overflowB { overflow = true }
            magnitude = sum
            index += 1
        }
        if overflow { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    private static func digit(_ byte: UInt8, base: Int64) -> Int64? {
        let value: Int64
        switch byte {
        case 48...57: value = Int64(byte - 48)
        case 65...90: value = Int64(byte - 55)
        case 97...122: value = Int64(byte - 87)
        default: return nil
        }
        return value < base ? value : nil
    }
}
