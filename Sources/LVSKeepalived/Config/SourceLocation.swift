/// A line of a configuration file (lines count from 1, as keepalived counts them).
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public static func < (a: Self, b: Self) -> Bool {
        a.file != b.file ? a.file < b.file : a.line < b.line
    }

    /// `file:line`, the form compilers and editors understand.
    public var description: String { "\(file):\(line)" }
}
