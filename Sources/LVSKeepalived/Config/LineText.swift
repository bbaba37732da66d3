/// keepalived's treatment of one physical line (lib/parser.c: decomment, the brace split in
/// read_line, alloc_strvec): comments start at `#` or `!` outside double quotes, `\#` and `\!`
/// are literal, a double-quoted string is one word without its quotes.
enum LineText {
    /// The line without its comment and surrounding blanks; `unterminatedQuote` when a `"` is open at the end.
    static func decomment(_ line: Substring) -> (text: String, unterminatedQuote: Bool) {
        var out: [Character] = []
        var inQuote = false
        var chars = line.drop { $0 == " " || $0 == "\t" }.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if c == "\"" {
                inQuote.toggle()
                out.append(c)
            } else if c == "\\" {
                guard let next = chars.next() else {
                    out.append(c)
                    break
                }
                // Escaped comment characters lose their backslash outside quotes only.
                if !inQuote && (next == "#" || next == "!") {
                    out.append(next)
                } else {
                    out.append(c)
                    out.append(next)
                }
            } else if !inQuote && (c == "#" || c == "!") {
                break
            } else {
                out.append(c)
            }
        }
        while let last = out.last, last == " " || last == "\t" {
            out.removeLast()
        }
        return (String(out), inQuote)
    }

    /// Splits at braces outside quotes: each `{` and `}` becomes its own segment.
    static func splitAtBraces(_ text: String) -> [String] {
        var segments: [String] = []
        var current = ""
        var inQuote = false
        for c in text {
            if c == "\"" {
                inQuote.toggle()
                current.append(c)
            } else if !inQuote && (c == "{" || c == "}") {
                appendTrimmed(current, to: &segments)
                segments.append(String(c))
                current = ""
            } else {
                current.append(c)
            }
        }
        appendTrimmed(current, to: &segments)
        return segments
    }

    private static func appendTrimmed(_ text: String, to segments: inout [String]) {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        var end = trimmed.endIndex
        while end > trimmed.startIndex {
            let before = trimmed.index(before: end)
            guard trimmed[before] == " " || trimmed[before] == "\t" else { break }
            end = before
        }
        if end > trimmed.startIndex {
            segments.append(String(trimmed[trimmed.startIndex..<end]))
        }
    }

    /// Words as alloc_strvec makes them: blanks separate, `"..."` is one word without quotes.
    /// Returns nil for the words when a quote is not closed (keepalived keeps the words before it).
    static func words(_ text: String) -> (words: [String], unmatchedQuote: Bool) {
        var words: [String] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            while i < chars.count, isBlank(chars[i]) {
                i += 1
            }
            guard i < chars.count else { break }
            if chars[i] == "\"" {
                guard let close = chars[(i + 1)...].firstIndex(of: "\"") else {
                    return (words, true)
                }
                words.append(String(chars[(i + 1)..<close]))
                i = close + 1
            } else {
                var j = i
                while j < chars.count, !isBlank(chars[j]), chars[j] != "\"" {
                    j += 1
                }
                words.append(String(chars[i..<j]))
                i = j
            }
        }
        return (words, false)
    }

    static func isBlank(_ c: Character) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}"
    }
}
