import LVSCore
import LVSVocabulary

enum StateText {
    /// `key=value` lines; blank lines, comments and lines without '=' are skipped.
    static func pairs(_ text: String) -> [(key: String, value: String)] {
        text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let eq = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<eq]), String(line[line.index(after: eq)...]))
        }
    }
}
