/// The numbers of VRRP keywords, read as keepalived's read_unsigned_strvec / read_int_strvec
/// accept them: decimal, leading blanks allowed, nothing after the digits, within a range.
/// (keepalived 2.2.7 lib/parser.c also takes "10x" as 10 with a warning outside -t; this reader
/// refuses it, as `keepalived -t` does.)
enum VRRPNumber {
    static func unsigned(_ text: String, max: Int) -> Int? {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        guard !trimmed.hasPrefix("-"), let value = Int(trimmed), value <= max else {
            return nil
        }
        return value
    }

    static func integer(_ text: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = Int(text.drop { $0 == " " || $0 == "\t" }), range.contains(value) else { return nil }
        return value
    }
}
