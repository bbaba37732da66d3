/// Splits a script's command line into argv the way keepalived does (parser.c
/// alloc_strvec_quoted_escaped): words separated by white space, '…' and "…" quote (and may
/// join parts of one word), backslash escapes (\n \t \xHH \0oo \cX and a literal next character).
public enum ScriptWords {
    private static let whiteSpace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D]
    private static let backslash = UInt8(ascii: "\\")

    /// nil when keepalived refuses the line (an unmatched quote or a trailing backslash).
    public static func split(_ command: String) -> [String]? {
        let bytes = Array(command.utf8)
        var words: [String] = []
        var i = 0
        while i < bytes.count {
            while i < bytes.count && whiteSpace.contains(bytes[i]) { i += 1 }
            guard i < bytes.count else { break }
            var word: [UInt8] = []
            var quote: UInt8? = nil
            while i < bytes.count {
                let c = bytes[i]
                if c == backslash {
                    guard let (value, next) = unescape(bytes, after: i) else { return nil }
                    word.append(value)
                    i = next
                } else if let open = quote {
                    if c == open {
                        quote = nil
                    } else {
                        word.append(c)
                    }
                    i += 1
                } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    quote = c
                    i += 1
                } else if whiteSpace.contains(c) {
                    break
                } else {
                    word.append(c)
                    i += 1
                }
            }
            if quote != nil { return nil }
            words.append(String(decoding: word, as: UTF8.self))
        }
        return words.isEmpty ? nil : words
    }

    /// The character a backslash at `index` stands for, and where reading goes on.
    private static func unescape(_ bytes: [UInt8], after index: Int) -> (UInt8, Int)? {
        var i = index + 1
        guard i < bytes.count else { return nil }
        let c = bytes[i]
        if c == UInt8(ascii: "x"), i + 1 < bytes.count, hexValue(bytes[i + 1]) != nil {
            var value: UInt8 = 0
            i += 1
            while i < bytes.count, let digit = hexValue(bytes[i]) {
                value = value << 4 | digit
                i += 1
            }
            return (value, i)
        }
        if c == UInt8(ascii: "c"), i + 1 < bytes.count {
            return (bytes[i + 1] & 0x1F, i + 2)
        }
        if let first = octalValue(c) {
            var value = first
            i += 1
            for _ in 0..<2 {
                guard i < bytes.count, let digit = octalValue(bytes[i]) else { break }
                value = value << 3 &+ digit
                i += 1
            }
            return (value, i)
        }
        let named: [UInt8: UInt8] = [
            UInt8(ascii: "a"): 0x07, UInt8(ascii: "b"): 0x08, UInt8(ascii: "E"): 0x1B, UInt8(ascii: "f"): 0x0C,
            UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09, UInt8(ascii: "v"): 0x0B,
        ]
        return (named[c] ?? c, i + 1)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func octalValue(_ c: UInt8) -> UInt8? {
        (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(c) ? c - UInt8(ascii: "0") : nil
    }
}
