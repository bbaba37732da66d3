/// Builds the block tree from logical lines as keepalived's process_stream walks them: a `{`
/// opens a block only after a keyword that has one where it stands (its keyword table); any
/// other `{` is kept as a `{` node the reader reports ("Unexpected '{' - ignoring") and what
/// follows stays in the enclosing block, whose end the next `}` then is. Braces are counted per
/// line apart from that (keepalived's block_depth), for "Extra '}' found" and the missing `}`s.
/// Iterative, with a depth limit, so no input can exhaust the stack.
struct ConfigTreeBuilder {
    /// Real configurations nest at most about six deep; more is refused.
    static let depthLimit = 64

    /// The keywords that open a block, by the keyword of the block they stand in ("" = top level).
    /// Inside the blocks this module keeps unread (VRRP and the rest) any keyword may open one.
    static let blockKeywords: [String: Set<String>] = [
        "": ["global_defs", "virtual_server_group", "virtual_server", "SSL"],
        // notification_email is a value block: its handler reads the lines up to its `}` itself.
        "global_defs": ["notification_email"],
        "virtual_server": ["real_server"],
        "real_server": ConfigReader.checkerKeywords,
        "HTTP_GET": ["url"],
        "SSL_GET": ["url"],
        "SMTP_CHECK": ["host"],
    ]

    /// What the tree holds and how many `{` were never closed (keepalived reports those after reading).
    struct Tree {
        var roots: [ConfigNode]
        var unclosedBlocks: Int
    }

    private struct OpenBlock {
        var node: ConfigNode
        /// Inside a block this module does not read: any keyword followed by `{` opens a block.
        var opaque: Bool
        /// Contents are dropped (too deep) but the braces still have to match.
        var discarded: Bool
    }

    static func build(_ lines: [ConfigLine], log: inout DiagnosticLog) -> Tree {
        let root = ConfigNode(keyword: "", location: SourceLocation(file: "", line: 0))
        var stack = [OpenBlock(node: root, opaque: false, discarded: false)]
        var previousWasKeyword = false
        var reportedDepth = false
        var lineDepth = 0
        for line in lines {
            if line.isBlockStart {
                lineDepth += 1
                let top = stack[stack.count - 1]
                if previousWasKeyword, let keyword = top.node.children.last?.keyword,
                    opensBlock(keyword, in: top), var node = stack[stack.count - 1].node.children.popLast()
                {
                    node.hasBlock = true
                    let discard = stack.count > depthLimit || top.discarded
                    if stack.count > depthLimit && !reportedDepth {
                        log.error(
                            "Blocks nested deeper than \(depthLimit) levels - ignoring what is inside",
                            at: line.location, status: .fatal)
                        reportedDepth = true
                    }
                    let opaque = top.opaque || (stack.count == 1 && !(blockKeywords[""]?.contains(keyword) ?? false))
                    stack.append(OpenBlock(node: node, opaque: opaque, discarded: discard))
                } else {
                    stack[stack.count - 1].node.children.append(ConfigNode(keyword: "{", location: line.location))
                }
                previousWasKeyword = false
            } else if line.isBlockEnd {
                lineDepth -= 1
                let extra = lineDepth < 0
                lineDepth = max(lineDepth, 0)
                if stack.count == 1 {
                    // keepalived reads a `}` at the top level as a keyword (and reports the extra one first).
                    var node = ConfigNode(keyword: "}", location: line.location)
                    node.isExtraBlockEnd = extra
                    stack[0].node.children.append(node)
                } else {
                    close(&stack, at: line.location)
                }
                previousWasKeyword = false
            } else {
                var node = ConfigNode(
                    keyword: line.words[0], arguments: Array(line.words.dropFirst()),
                    location: line.location)
                node.unmatchedQuoteText = line.unmatchedQuoteText
                stack[stack.count - 1].node.children.append(node)
                previousWasKeyword = true
            }
        }
        while stack.count > 1 {
            close(&stack, at: nil)
        }
        return Tree(roots: stack[0].node.children, unclosedBlocks: lineDepth)
    }

    private static func opensBlock(_ keyword: String, in block: OpenBlock) -> Bool {
        if block.opaque {
            return true
        }
        if block.node.keyword.isEmpty {
            return blockKeywords[""]?.contains(keyword) == true || ConfigReader.otherRootKeywords.contains(keyword)
        }
        return blockKeywords[block.node.keyword]?.contains(keyword) == true
    }

    private static func close(_ stack: inout [OpenBlock], at end: SourceLocation?) {
        var block = stack.removeLast()
        block.node.endLocation = end
        if !block.discarded {
            stack[stack.count - 1].node.children.append(block.node)
        }
    }
}
