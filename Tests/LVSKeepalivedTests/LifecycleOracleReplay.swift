import IPVSAdm
import LVSCore
import LVSKeepalived
import LVSVocabulary
import Testing

/// Replays an oracle scenario against the lifecycle: the DSL's failures become checker results
/// (through each checker's CheckerSchedule, so retries count as in keepalived), every wait lets
/// each checker report once, and every snapshot is compared byte for byte with the capture.
struct OracleReplay {
    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    let scenario: OracleScenario
    var lab = OracleLab()
    let control = InMemoryIPVSControl()
    var harness: LifecycleHarness?
    var schedules: [CheckerKey: CheckerSchedule] = [:]
    var occurrences: [String: Int] = [:]
    /// Every section that differs: its marker ("== snap start", "== log") and expected vs got.
    var mismatches: [(marker: String, text: String)] = []
    var compared = 0
    /// What the lifecycle said, cut into the capture's windows.
    var logs = OracleWindows(windows: [])
    var notifies = OracleWindows(windows: [])
    var fifo = OracleWindows(windows: [])
    var marks = (logs: 0, scripts: 0, fifo: 0)

    init(_ scenario: OracleScenario) {
        self.scenario = scenario
    }

    mutating func run() throws {
        for step in scenario.steps {
            try perform(step)
        }
        compareWindows()
    }

    /// Closes a window of logs, notify script runs (as the lab's note.sh logs them) and FIFO lines.
    mutating func closeWindow(_ label: String, logsInOrder: Bool = false) {
        guard let harness else {
            // Before the start: nothing said yet.
            logs.windows.append((label, []))
            notifies.windows.append((label, []))
            fifo.windows.append((label, []))
            return
        }
        let newLogs = Array(harness.logs[marks.logs...])
        logs.windows.append((logsInOrder ? "\(label) (in order)" : label, logsInOrder ? newLogs : newLogs.sorted()))
        let runs = harness.scripts[marks.scripts...].map { argv in
            (["note.sh argc=\(argv.count - 1)"] + argv.dropFirst().map { "[\($0)]" }).joined(separator: " ")
        }
        notifies.windows.append((label, runs.sorted()))
        fifo.windows.append((label, harness.fifo[marks.fifo...].map { String($0.dropLast()) }.sorted()))
        marks = (harness.logs.count, harness.scripts.count, harness.fifo.count)
    }

    mutating func compareWindows() {
        let expectedLogs =
            OracleWindows(section: scenario.body("== log"))?.withoutForeignLogLines()
            ?? OracleWindows(windows: logs.windows.map { ($0.label, []) })
        if expectedLogs != logs.withoutForeignLogLines() {
            mismatches.append(("== log", "--- expected\n\(expectedLogs.text)--- got\n\(logs.text)"))
        }
        let emptyNotifies = OracleWindows(windows: notifies.windows.map { ($0.label, []) })
        if (OracleWindows(section: scenario.body("== notify")) ?? emptyNotifies) != notifies {
            let expected = scenario.body("== notify") ?? ""
            mismatches.append(("== notify", "--- expected\n\(expected)--- got\n\(notifies.text)"))
        }
        let emptyFifo = OracleWindows(windows: fifo.windows.map { ($0.label, []) })
        if (OracleWindows(section: scenario.body("== fifo")) ?? emptyFifo) != fifo {
            mismatches.append(("== fifo", "--- expected\n\(scenario.body("== fifo") ?? "")--- got\n\(fifo.text)"))
        }
    }

    mutating func perform(_ step: OracleScenario.Step) throws {
        switch step {
        case .start(let config):
            harness = try LifecycleHarness(LifecycleHarness.configuration(config), control: control)
        case .reload(let config):
            try harness?.reload(config)
            if let harness {
                schedules = harness.lifecycle.schedulesAfterReload(schedules)
            }
            closeWindow("reload")
        case .down(let n): lab.webUp.remove(n)
        case .up(let n): lab.webUp.insert(n)
        case .misc(let n, let code, let delay):
            lab.miscCode[n] = code
            lab.miscDelay[n] = delay
        case .page(let n, let path, let text):
            lab.pages[n, default: [:]][OracleLab.webPath(path)] = (text.isEmpty ? "OK" : text) + "\n"
        case .nopage(let n, let path): lab.pages[n]?[OracleLab.webPath(path)] = nil
        case .wait(let seconds): try settle(seconds)
        case .snap(let label, let raw):
            compare("== \(raw ? "snapraw" : "snap") \(label)", raw ? try rawList() : try list(noSort: false))
            closeWindow("\(raw ? "snapraw" : "snap") \(label)")
        case .run(let words):
            guard words.first == "ipvsadm" else {
                throw Unsupported(description: "run \(words.joined(separator: " "))")
            }
            let runner = IPVSAdmRunner(control: control, resolver: NumericOnlyResolver())
            let result = runner.run(arguments: Array(words.dropFirst()), stdin: { nil })
            compare(
                "== run \(words.joined(separator: " "))",
                result.stdout + result.stderr + (result.exitCode == 0 ? "" : "rc=\(result.exitCode)\n"))
        case .addrs:
            // The VIPs a vrrp_instance adds: VRRP is not part of the table lifecycle.
            break
        case .finish:
            closeWindow("stop")
            try harness?.stop()
            closeWindow("stopped", logsInOrder: true)
            compare("== snap stopped", try list(noSort: false))
        }
    }

    /// Each checker probes until it reports (or the wait is over), in configuration order.
    mutating func settle(_ seconds: Double) throws {
        guard let harness else { return }
        for key in harness.lifecycle.checkerKeys {
            guard let checker = harness.lifecycle.checker(key) else { continue }
            var schedule = schedules[key] ?? CheckerSchedule(checker)
            var elapsed = 0.0
            probing: while elapsed < seconds {
                switch lab.probe(checker, waiting: seconds - elapsed) {
                case .pending:
                    break probing
                case .unsupported(let reason):
                    throw Unsupported(description: reason)
                case .result(let success, let weight, let reason):
                    if schedule.probeCompleted(success: success, at: .zero).report {
                        try harness.perform(
                            harness.lifecycle.checkerResult(
                                key, success: success, dynamicWeight: weight, reason: reason))
                        break probing
                    }
                    elapsed += Double(checker.delayBeforeRetry.microseconds) / 1_000_000
                }
            }
            schedules[key] = schedule
        }
    }

    /// What the oracle's `snapraw` prints: `ipvsadm -L -n --nosort` with its service blocks put in
    /// `ipvsadm -L -n` order (the kernel's service order is salted per boot); the real servers
    /// inside each service stay in kernel order (newest first).
    func rawList() throws -> String {
        let sorted = try list(noSort: false)
        let raw = try list(noSort: true)
        let header = raw.split(separator: "\n", omittingEmptySubsequences: false).prefix(3)
            .map { $0 + "\n" }.joined()
        let blocks = Self.serviceBlocks(raw)
        let order = Self.serviceBlocks(sorted).map { $0.prefix { $0 != "\n" } }
        let ordered = order.compactMap { line in blocks.first { $0.prefix { $0 != "\n" } == line } }
        return header + ordered.joined()
    }

    func list(noSort: Bool) throws -> String {
        var options = ListOptions()
        options.numeric = true
        options.noSort = noSort
        return IPVSAdmFormatter.list(
            try control.snapshot(includeConnections: false), options: options,
            resolver: NumericOnlyResolver())
    }

    mutating func compare(_ marker: String, _ actual: String) {
        let occurrence = occurrences[marker, default: 0]
        occurrences[marker] = occurrence + 1
        guard let expected = scenario.body(marker, occurrence: occurrence) else {
            mismatches.append((marker, "no such section in \(scenario.name).out"))
            return
        }
        compared += 1
        guard expected != actual else { return }
        mismatches.append((marker, "--- expected\n\(expected)--- got\n\(actual)"))
    }

    /// A listing cut into one block per service (its line and its real servers' lines).
    static func serviceBlocks(_ listing: String) -> [String] {
        var blocks: [String] = []
        for line in listing.split(separator: "\n").dropFirst(3) {
            if line.hasPrefix("  ->"), !blocks.isEmpty {
                blocks[blocks.count - 1] += line + "\n"
            } else {
                blocks.append(line + "\n")
            }
        }
        return blocks
    }
}
