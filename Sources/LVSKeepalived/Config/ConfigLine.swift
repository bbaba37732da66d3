/// One logical line after comments, conditionals, parameters and includes are dealt with: either
/// a lone `{`, a lone `}`, or a keyword with its arguments (keepalived splits a physical line at
/// each brace outside quotes, so `a b { c }` is four lines: `a b`, `{`, `c`, `}`).
struct ConfigLine: Hashable, Sendable {
    var words: [String]
    var location: SourceLocation

    var isBlockStart: Bool { words == ["{"] }
    var isBlockEnd: Bool { words == ["}"] }
}
