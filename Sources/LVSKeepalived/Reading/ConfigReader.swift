import LVSCore
import LVSVocabulary

/// Reads the block tree into the model, reporting what keepalived reports with the same words.
/// One instance per parse; its handlers live in extensions by block (global, group, servers, checkers).
final class ConfigReader {
    var log = DiagnosticLog()
    var globalDefinitions = GlobalDefinitions()
    var groups: [VirtualServerGroup] = []
    var virtualServers: [VirtualServerDraft] = []
    var ssl: SSLContext?
    var otherBlocks: [ConfigNode] = []

    /// Root blocks that belong to the VRRP, BFD and process-level parts of keepalived: kept as
    /// parsed, never reported as unknown.
    static let otherRootKeywords: Set<String> = [
        "vrrp_instance", "vrrp_sync_group", "vrrp_script", "vrrp_track_file", "vrrp_track_process",
        "static_ipaddress", "static_routes", "static_rules", "track_file", "track_group", "garp_group",
        "bfd_instance", "linkbeat_interfaces", "linkbeat_use_polling", "interface_up_down_delays",
        "net_namespace", "net_namespace_ipvs", "namespace_with_ipsets", "use_pid_dir", "instance",
        "child_wait_time",
    ]

    func read(_ roots: [ConfigNode]) {
        for node in roots {
            switch node.keyword {
            case "global_defs":
                readGlobalDefinitions(node)
            case "virtual_server_group":
                readVirtualServerGroup(node)
            case "virtual_server":
                readVirtualServer(node)
            case "SSL":
                readSSL(node)
            case let keyword where Self.otherRootKeywords.contains(keyword):
                otherBlocks.append(node)
            default:
                unknownKeyword(node)
            }
        }
    }

    // MARK: Reporting helpers shared by the handlers

    /// Also reports the brace nodes the tree builder leaves where keepalived does not open or
    /// close a block, in the order keepalived reads them.
    func unknownKeyword(_ node: ConfigNode) {
        if node.keyword == "{" {
            log.error("Unexpected '{' - ignoring", at: node.location, status: .unexpectedBlockStart)
            return
        }
        if node.isExtraBlockEnd {
            log.error("Extra '}' found", at: node.location, status: .unexpectedBlockEnd)
        }
        log.warning("Unknown keyword '\(node.keyword)'", at: node.location, status: .unknownKeyword)
    }

    /// Argument `index` (0 = first after the keyword); reports keepalived's missing-parameter error.
    func argument(_ node: ConfigNode, _ index: Int) -> String? {
        if let value = node.argument(index) {
            return value
        }
        let words = node.words
        let position = index + 2
        log.error(
            "*** Configuration line starting `\(node.keyword)` is missing a parameter after keyword "
                + "`\(words[min(index, words.count - 1)])` at word position \(position)",
            at: node.location, status: .missingParameter)
        return nil
    }

    /// A block keyword written without `{`: keepalived then reads the following lines as its block.
    func requireBlock(_ node: ConfigNode) -> Bool {
        if node.hasBlock {
            return true
        }
        log.error("Missing '{' at beginning of configuration block", at: node.location, status: .missingBlockStart)
        return false
    }

    /// `keyword [BOOL]`: a bare keyword means true.
    func optionalBool(_ node: ConfigNode, invalid: (String) -> String) -> Bool? {
        guard let word = node.argument(0) else { return true }
        switch word {
        case "true", "on", "yes": return true
        case "false", "off", "no": return false
        default:
            log.error(invalid(word), at: node.location)
            return nil
        }
    }

    /// keepalived splits a script's line again, quotes and escapes included
    /// (alloc_strvec_quoted_escaped), and drops the script when a quote is not closed.
    func scriptHasUnmatchedQuote(_ node: ConfigNode) -> Bool {
        guard let text = node.unmatchedQuoteText else { return false }
        log.error("String '\(text)': missing terminating \"", at: node.location, status: .unmatchedQuote)
        return true
    }

    /// The words after the keyword as one string (keepalived's set_value takes the first word only;
    /// scripts and paths given unquoted with blanks keep all their words here).
    func joinedArguments(_ node: ConfigNode) -> String {
        node.arguments.joined(separator: " ")
    }
}
