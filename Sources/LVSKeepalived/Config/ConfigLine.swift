/// One logical line after comments, conditionals, parameters and includes are dealt with: either
/// a lone `{`, a lone `}`, or a keyword with its arguments (keepalived splits a physical line at
/// each brace outside quotes, so `a b { c }` is four lines: `a b`, `{`, `c`, `}`).
struct ConfigLine: Hashable, Sendable {
    var words: [String]
    var location: SourceLocation
    /// The line's text when a `"` is not closed (its words stop before it); script keywords report it.
    var unmatchedQuoteText: String?

    var isBlockStart: Bool { words == ["{"] }
    var isBlockEnd: Bool { words == ["}"] }
}
