/// Accumulates indented configuration lines (four spaces per level, as keepalived.conf(5) shows them).
struct ConfigTextWriter {
    private(set) var text = ""
    private var depth = 0

    mutating func line(_ words: String...) {
        text += String(repeating: "    ", count: depth) + words.joined(separator: " ") + "\n"
    }

    mutating func block(_ header: String, _ body: (inout ConfigTextWriter) -> Void) {
        line(header, "{")
        depth += 1
        body(&self)
        depth -= 1
        line("}")
    }

    /// A parsed block kept as it was read (VRRP and the rest).
    mutating func node(_ node: ConfigNode) {
        let header = ConfigQuoting.line(node.words)
        guard node.hasBlock else {
            line(header)
            return
        }
        block(header) { writer in
            for child in node.children {
                writer.node(child)
            }
        }
    }

    mutating func flag(_ keyword: String, _ value: Bool) {
        line(keyword, value ? "yes" : "no")
    }

    mutating func optional(_ keyword: String, _ value: CustomStringConvertible?) {
        if let value {
            line(keyword, ConfigQuoting.quoted(value.description))
        }
    }
}
