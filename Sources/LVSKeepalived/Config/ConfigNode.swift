/// One keyword line of a configuration and, when a `{ ... }` block follows it, the lines inside.
/// Blocks this module does not interpret (VRRP and the rest) are kept in this form for later readers.
public struct ConfigNode: Hashable, Sendable {
    public var keyword: String
    public var arguments: [String]
    /// The lines of the block; empty both for `x { }` and for a line without a block (see `hasBlock`).
    public var children: [ConfigNode]
    public var hasBlock: Bool
    public var location: SourceLocation
    /// A top-level `}` closing nothing, counting all braces: keepalived reports "Extra '}' found".
    var isExtraBlockEnd = false
    /// The line of the `}` ending the block (nil when the file ends first): keepalived's block-end
    /// handlers report there.
    var endLocation: SourceLocation?
    /// See ConfigLine.unmatchedQuoteText.
    var unmatchedQuoteText: String?

    public init(
        keyword: String, arguments: [String] = [], children: [ConfigNode] = [], hasBlock: Bool = false,
        location: SourceLocation
    ) {
        self.keyword = keyword
        self.arguments = arguments
        self.children = children
        self.hasBlock = hasBlock
        self.location = location
    }

    /// The keyword and its arguments, as keepalived's handlers see them (word 0 is the keyword).
    public var words: [String] { [keyword] + arguments }

    /// The argument at `index` (0 = the first after the keyword), nil when the line is shorter.
    public func argument(_ index: Int) -> String? {
        index < arguments.count ? arguments[index] : nil
    }
}
