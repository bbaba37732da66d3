/// How `ipvsadm -R` cuts its input into commands (config_stream_read): one command per line,
/// words separated by space, tab or CR, every word `ipvsadm` dropped, lines without words
/// skipped. There are no comments: a `#` is an ordinary word.
enum RestoreInput {
    /// (1-based line number, words) for each line that has a word other than `ipvsadm`.
    static func commandLines(_ input: String) -> [(Int, [String])] {
        // Bytes, not Characters: Swift reads "\r\n" as one Character.
        let newline = UInt8(ascii: "\n")
        let blanks: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")]
        var result: [(Int, [String])] = []
        for (i, line) in Array(input.utf8).split(separator: newline, omittingEmptySubsequences: false).enumerated() {
            let words = line.split(whereSeparator: { blanks.contains($0) })
                .map { String(decoding: $0, as: UTF8.self) }
                .filter { $0 != "ipvsadm" }
            if !words.isEmpty { result.append((i + 1, words)) }
        }
        return result
    }
}
