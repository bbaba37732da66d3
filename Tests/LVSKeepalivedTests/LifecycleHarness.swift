import IPVSAdm
import LVSCore
import LVSKeepalived
import LVSVocabulary
import Testing

/// Drives a KeepalivedTableLifecycle against an in-memory IPVS table, the way `lvs keepalived`
/// drives the director: every batch is applied (a refused batch fails the test), logs, scripts
/// and FIFO lines are kept for inspection.
final class LifecycleHarness {
    var lifecycle: KeepalivedTableLifecycle
    let control: InMemoryIPVSControl
    var logs: [String] = []
    var scripts: [[String]] = []
    var fifo: [String] = []
    var batches: [[AdminOperation]] = []

    /// Parses `configuration` (a whole keepalived.conf) and starts on a table holding `existing`.
    convenience init(
        _ configuration: String, existing: [AdminOperation] = [],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let control = InMemoryIPVSControl()
        try control.apply(existing)
        try self.init(Self.configuration(configuration, sourceLocation: sourceLocation), control: control)
    }

    /// Starts `configuration` on whatever `control` holds.
    init(_ configuration: KeepalivedConfiguration, control: InMemoryIPVSControl) throws {
        self.control = control
        let (lifecycle, actions) = KeepalivedTableLifecycle.start(
            configuration, existingTable: try control.snapshot(includeConnections: false))
        self.lifecycle = lifecycle
        try perform(actions)
    }

    static func configuration(
        _ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws
        -> KeepalivedConfiguration
    {
        let path = "/etc/keepalived/keepalived.conf"
        let result = KeepalivedConfigurationParser(source: InMemoryConfigFileSource([path: text])).parse(path: path)
        return try #require(
            result.configuration, "configuration refused: \(result.diagnostics)",
            sourceLocation: sourceLocation)
    }

    func perform(_ actions: [LifecycleAction]) throws {
        for action in actions {
            switch action {
            case .apply(let operations):
                batches.append(operations)
                try control.apply(operations)
            case .log(let line): logs.append(line)
            case .runScript(_, let arguments): scripts.append(arguments)
            case .writeNotifyFifo(let line): fifo.append(line)
            }
        }
    }

    /// The checkers of every real server at `address` (in every virtual server), optionally of one kind.
    func checkers(at address: String, keyword: String? = nil) -> [CheckerKey] {
        lifecycle.checkerKeys.filter { key in
            key.realServer.address.description == address
                && (keyword == nil || lifecycle.checker(key)?.kind.keyword == keyword)
        }
    }

    /// Reports a result for every checker of the real servers at `address`.
    func report(_ address: String, success: Bool, dynamicWeight: UInt32? = nil, reason: String? = nil) throws {
        for key in checkers(at: address) {
            try perform(lifecycle.checkerResult(key, success: success, dynamicWeight: dynamicWeight, reason: reason))
        }
    }

    /// Every checker reports success once (the first round after start).
    func allPass() throws {
        for key in lifecycle.checkerKeys {
            try perform(lifecycle.checkerResult(key, success: true))
        }
    }

    func reload(_ configuration: String) throws {
        try perform(lifecycle.reload(Self.configuration(configuration)))
    }

    func stop() throws {
        try perform(lifecycle.stop())
    }

    /// `ipvsadm -L -n` of the table now.
    func list(noSort: Bool = false) throws -> String {
        var options = ListOptions()
        options.numeric = true
        options.noSort = noSort
        return IPVSAdmFormatter.list(
            try control.snapshot(includeConnections: false), options: options,
            resolver: NumericOnlyResolver())
    }
}

/// `ipvsadm -L -n` text: the header, then the given service and server lines.
func ipvsadmList(_ lines: String) -> String {
    "IP Virtual Server version 1.2.1 (size=4096)\n"
        + "Prot LocalAddress:Port Scheduler Flags\n"
        + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
        + lines
}

/// One real-server line of `ipvsadm -L -n` (ipvsadm's "  -> %-28s %-7s %-6d %-10u %-10u").
func ipvsadmRow(_ endpoint: String, _ forward: String, _ weight: Int, active: Int = 0, inactive: Int = 0) -> String {
    func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
    return "  -> \(padded(endpoint, 28)) \(padded(forward, 7)) \(padded(String(weight), 6)) "
        + "\(padded(String(active), 10)) \(padded(String(inactive), 10))\n"
}

/// A keepalived.conf virtual_server block over 198.18.1.1N real servers with TCP checks.
func virtualServerBlock(_ address: String, settings: [String] = [], servers: [(Int, Int, [String])]) -> String {
    var text = "virtual_server \(address) 80 {\n    delay_loop 1\n    lb_algo rr\n    lb_kind DR\n    protocol TCP\n"
    for setting in settings {
        text += "    \(setting)\n"
    }
    for (n, weight, extra) in servers {
        text += "    real_server 198.18.1.1\(n) 80 {\n        weight \(weight)\n"
        for line in extra {
            text += "        \(line)\n"
        }
        text += "        TCP_CHECK {\n            connect_timeout 1\n        }\n    }\n"
    }
    return text + "}\n"
}
