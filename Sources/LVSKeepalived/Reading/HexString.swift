/// keepalived's free-form hex strings (lib/parser.c read_hex_str): blank-separated groups, two
/// digits a byte, an odd last digit a byte of its own (`Ab12f 3` = AB 12 0F 03).
enum HexString {
    static func bytes(_ words: [String], wildcards: Bool) -> [UInt8]? {
        guard let digits = pairs(words, wildcards: wildcards) else { return nil }
        return digits.compactMap { UInt8(String($0.map { $0 == "X" ? "0" : $0 }), radix: 16) }
    }

    /// A reply pattern: two upper-case hex digits or `X` wildcards per byte, no blanks.
    static func pattern(_ words: [String]) -> String? {
        pairs(words, wildcards: true)?.joined()
    }

    private static func pairs(_ words: [String], wildcards: Bool) -> [String]? {
        var result: [String] = []
        for word in words.joined(separator: " ").split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            var chars = Array(word.uppercased())
            guard chars.allSatisfy({ $0.isHexDigit || (wildcards && $0 == "X") }) else { return nil }
            while !chars.isEmpty {
                let take = chars.count >= 2 ? 2 : 1
                let pair = String(chars.prefix(take))
                result.append(take == 2 ? pair : "0" + pair)
                chars.removeFirst(take)
            }
        }
        return result.isEmpty ? nil : result
    }
}
