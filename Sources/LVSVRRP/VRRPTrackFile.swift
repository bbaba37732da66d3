/// A `track_file NAME { ... }` (or the deprecated `vrrp_track_file`) block (keepalived 2.2.7
/// trackers/track_file.c): the file holds a number; the instances tracking it add
/// number x weight to their priority.
public struct VRRPTrackFile: Sendable, Hashable {
    public var name: String
    public var path: String = ""
    /// The default weight of the instances tracking it: 1 (track_file_handler), -254...254.
    public var weight = 1
    public var reverse = false
    /// `init_file [VALUE] [overwrite]`: write VALUE to the file at startup, when it does not
    /// exist (or always, with overwrite). nil: leave the file alone.
    public var initialValue: Int?
    public var overwrite = false

    public init(name: String) {
        self.name = name
    }

    /// The file's value as keepalived reads it (process_track_file): at most 127 bytes, strtol
    /// with base 0 (decimal, 0x hex, 0 octal), leading white space skipped, anything after the
    /// number ignored; an empty or missing file is 0. nil: out of range, keepalived ignores the
    /// change and keeps the previous value.
    public static func value(contents: [UInt8]) -> Int64? {
        let bytes = Array(contents.prefix(127).prefix { $0 != 0 })
        var index = 0
        while index < bytes.count, bytes[index] == 0x20 || (0x09...0x0D).contains(bytes[index]) { index += 1 }
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var base: Int64 = 10
        if index < bytes.count, bytes[index] == UInt8(ascii: "0") {
            if index + 2 < bytes.count, bytes[index + 1] | 0x20 == UInt8(ascii: "x"),
                digit(bytes[index + 2], base: 16) != nil
            {
                base = 16
                index += 2
            } else {
                base = 8
            }
        }
        var magnitude: Int64 = 0
        while index < bytes.count, let value = digit(bytes[index], base: base) {
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: base)
            let (sum, overflow2) = times.addingReportingOverflow(value)
            // strtol saturates (ERANGE): keepalived then ignores the value.
            if overflow1 || overflow2 { return nil }
            magnitude = sum
            index += 1
        }
        let value = negative ? -magnitude : magnitude
        // keepalived's own bound (track_file.c): INT32_MIN ... INT32_MAX + 1.
        guard value >= Int64(Int32.min), value <= Int64(Int32.max) + 1 else { return nil }
        return value
    }

    private static func digit(_ byte: UInt8, base: Int64) -> Int64? {
        let value: Int64
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): value = Int64(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = Int64(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
        return value < base ? value : nil
    }
}
