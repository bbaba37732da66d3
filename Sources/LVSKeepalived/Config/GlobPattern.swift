/// A glob(3) pattern matched against whole paths: `*` and `?` never match `/`, `[...]` sets
/// (with `!` or `^` negation and `a-z` ranges), `\` escapes. Used by the in-memory file source.
public struct GlobPattern: Sendable {
    private let pattern: [Character]

    public init(_ pattern: String) {
        self.pattern = Array(pattern)
    }

    /// True when the pattern has a character glob treats specially.
    public var hasWildcards: Bool {
        pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    public func matches(_ path: String) -> Bool {
        let text = Array(path)
        // Iterative matching with one backtrack point for the last `*` (no recursion on input).
        var p = 0
        var t = 0
        var starP = -1
        var starT = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "*" {
                starP = p
                starT = t
                p += 1
                continue
            }
            if p < pattern.count, let next = matchOne(at: p, text[t]) {
                p = next
                t += 1
                continue
            }
            // Backtrack: let the last `*` swallow one more character (never a `/`).
            if starP >= 0, text[starT] != "/" {
                starT += 1
                t = starT
                p = starP + 1
                continue
            }
            return false
        }
        while p < pattern.count, pattern[p] == "*" {
            p += 1
        }
        return p == pattern.count
    }

    /// Matches one pattern element at `p` against `c`; returns the index after the element.
    private func matchOne(at p: Int, _ c: Character) -> Int? {
        switch pattern[p] {
        case "?":
            return c == "/" ? nil : p + 1
        case "[":
            return matchSet(at: p, c)
        case "\\" where p + 1 < pattern.count:
            return pattern[p + 1] == c ? p + 2 : nil
        default:
            return pattern[p] == c ? p + 1 : nil
        }
    }

    private func matchSet(at start: Int, _ c: Character) -> Int? {
        var i = start + 1
        var negate = false
        if i < pattern.count, pattern[i] == "!" || pattern[i] == "^" {
            negate = true
            i += 1
        }
        var matched = false
        var first = true
        while i < pattern.count, pattern[i] != "]" || first {
            first = false
            let low = pattern[i]
            if i + 2 < pattern.count, pattern[i + 1] == "-", pattern[i + 2] != "]" {
                if low <= c && c <= pattern[i + 2] {
                    matched = true
                }
                i += 3
            } else {
                if low == c {
                    matched = true
                }
                i += 1
            }
        }
        // An unterminated `[` is an ordinary character, as in glob(3).
        guard i < pattern.count else {
            return c == "[" ? start + 1 : nil
        }
        return matched != negate && c != "/" ? i + 1 : nil
    }
}
