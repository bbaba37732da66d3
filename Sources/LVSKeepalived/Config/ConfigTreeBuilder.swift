/// Builds the block tree from logical lines: a line followed by `{` opens a block that the
/// matching `}` closes. Iterative, with a depth limit, so no input can exhaust the stack.
struct ConfigTreeBuilder {
    /// Real configurations nest at most about six deep; more is refused.
    static let depthLimit = 64

    private struct OpenBlock {
        var node: ConfigNode
        /// Contents are dropped (unexpected `{`, or too deep) but the braces still have to match.
        var discarded: Bool
    }

    static func build(_ lines: [ConfigLine], log: inout DiagnosticLog) -> [ConfigNode] {
        let root = ConfigNode(keyword: "", location: SourceLocation(file: "", line: 0))
        var stack = [OpenBlock(node: root, discarded: false)]
        var previousWasKeyword = false
        var reportedDepth = false
        for line in lines {
            if line.isBlockStart {
                let discard = stack.count > depthLimit || stack[stack.count - 1].discarded
                if previousWasKeyword, var node = stack[stack.count - 1].node.children.popLast() {
                    node.hasBlock = true
                    if stack.count > depthLimit && !reportedDepth {
                        log.error("Blocks nested deeper than \(depthLimit) levels - ignoring what is inside",
                                  at: line.location, status: .fatal)
                        reportedDepth = true
                    }
                    stack.append(OpenBlock(node: node, discarded: discard))
                } else {
                    log.error("Unexpected '{' - ignoring", at: line.location, status: .unexpectedBlockStart)
                    stack.append(OpenBlock(node: ConfigNode(keyword: "{", location: line.location), discarded: true))
                }
                previousWasKeyword = false
            } else if line.isBlockEnd {
                if stack.count == 1 {
                    log.error("Extra '}' found", at: line.location, status: .unexpectedBlockEnd)
                    // keepalived then reads the brace as a keyword too.
                    log.warning("Unknown keyword '}'", at: line.location, status: .unknownKeyword)
                } else {
                    close(&stack)
                }
                previousWasKeyword = false
            } else {
                let node = ConfigNode(keyword: line.words[0], arguments: Array(line.words.dropFirst()),
                                      location: line.location)
                stack[stack.count - 1].node.children.append(node)
                previousWasKeyword = true
            }
        }
        if stack.count > 1 {
            log.error("There are \(stack.count - 1) missing '}'s or extra '{'s", at: stack[1].node.location,
                      status: .missingBlockEnd)
            while stack.count > 1 {
                close(&stack)
            }
        }
        return stack[0].node.children
    }

    private static func close(_ stack: inout [OpenBlock]) {
        let block = stack.removeLast()
        if !block.discarded && !stack[stack.count - 1].discarded {
            stack[stack.count - 1].node.children.append(block.node)
        }
    }
}
