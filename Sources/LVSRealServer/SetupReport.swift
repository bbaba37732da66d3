import LVSCore
import LVSVocabulary

/// What a `start` or `stop` printed, and whether it changed anything.
public struct SetupReport: Sendable, Equatable {
    public var lines: [String] = []
    public var changed = false

    public init(lines: [String] = [], changed: Bool = false) {
        self.lines = lines
        self.changed = changed
    }

    mutating func note(_ line: String) { lines.append(line) }
    mutating func change(_ line: String) {
        lines.append(line)
        changed = true
    }
}
