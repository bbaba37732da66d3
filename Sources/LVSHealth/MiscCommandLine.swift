/// misc_path's words as keepalived's alloc_strvec_quoted_escaped() splits them: white space
/// separates words; '...' and "..." group (and may join parts of one word: a"b c"d is one word);
/// a backslash escapes, inside and outside quotes: \a \b \E \f \n \r \t \v, \xHH, \cX (control
/// character), \NNN (octal), and any other character stands for itself.
public enum MiscCommandLine {
    /// The words, or nil when a quote is not closed or the text ends in a lone backslash.
    public static func split(_ text: String) -> [String]? {
        var words: [String] = []
        var word: [UInt8] = []
        var inWord = false
        var quote: UInt8?
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == 92 {
                guard let escaped = unescape(&bytes) else { return nil }
                word.append(escaped)
                inWord = true
            } else if let open = quote {
                if byte == open { quote = nil } else { word.append(byte) }
            } else if byte == 39 || byte == 34 {
                quote = byte
                inWord = true
            } else if byte == 32 || byte == 9 {
                if inWord { words.append(String(decoding: word, as: UTF8.self)) }
                word.removeAll()
                inWord = false
            } else {
                word.append(byte)
                inWord = true
            }
        }
        guard quote == nil else { return nil }
        if inWord { words.append(String(decoding: word, as: UTF8.self)) }
        return words
    }

    /// The character after a backslash (consumed from `bytes`); nil at the end of the text.
    private static func unescape(_ bytes: inout ArraySlice<UInt8>) -> UInt8? {
        guard let first = bytes.popFirst() else { return nil }
        if first == UInt8(ascii: "x"), let next = bytes.first, hexValue(next) != nil {
            var value: UInt8 = 0
            while let digit = bytes.first.flatMap(hexValue) {
                value = value << 4 | digit
                bytes.removeFirst()
            }
            return value
        }
        if first == UInt8(ascii: "c"), let next = bytes.popFirst() {
            return next & 0x1f
        }
        if (48...55).contains(first) {
            var value = first - 48
            for _ in 0..<2 {
                guard let next = bytes.first, (48...55).contains(next) else { break }
                value = value << 3 &+ (next - 48)
                bytes.removeFirst()
            }
            return value
        }
        switch first {
        case UInt8(ascii: "a"): return 7
        case UInt8(ascii: "b"): return 8
        case UInt8(ascii: "E"): return 0x1b
        case UInt8(ascii: "f"): return 12
        case UInt8(ascii: "n"): return 10
        case UInt8(ascii: "r"): return 13
        case UInt8(ascii: "t"): return 9
        case UInt8(ascii: "v"): return 11
        default: return first
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }
}
