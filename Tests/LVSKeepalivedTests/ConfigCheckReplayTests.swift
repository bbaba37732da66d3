import Foundation
import LVSKeepalived
import Testing

/// Replays `Fixtures/oracle/keepalived/config-check`: every config the script writes goes through
/// our parser at the same path, and the exit status and messages must be what the real
/// `keepalived -t` 2.2.7 printed, byte for byte.
///
/// keepalived reads the file once per parse pass (4 passes in -t mode) and prints the top-level
/// problems once per pass; the first pass, reading a single file, prints `(Line N)` without the
/// file name. That repetition is a quirk we do not copy: the messages are compared as the
/// distinct messages in order of first appearance, a first-pass `(Line N) M` counting as the
/// same message as `(FILE: Line N) M` when a later pass prints that too.
@Suite struct ConfigCheckReplayTests {
    @Test func everyCaseMatchesKeepalivedOrIsAKnownDifference() throws {
        let script = try ConfigCheckScript.load()
        let outputs = try ConfigCheckOutput.load()
        #expect(script.cases.map(\.name) == outputs.map(\.name), "the script's cases and its output disagree")
        #expect(script.cases.count == 32)
        for (check, keepalived) in zip(script.cases, outputs) {
            let result = KeepalivedConfigurationParser(source: InMemoryConfigFileSource(check.files))
                .parse(path: check.mainPath)
            let ours = ConfigCheckOutcome(
                status: result.testExitStatus,
                messages: result.configTestDiagnostics.map(\.description))
            let expected = keepalived.distinctOutcome(mainPath: check.mainPath)
            if let difference = Self.knownDifferences[check.name] {
                // A known difference pins both sides: keepalived's (so a new oracle run is noticed)
                // and ours (so a parser change is noticed); neither is skipped.
                #expect(expected == difference.keepalived, "\(check.name): keepalived's output changed")
                #expect(ours == difference.ours, "\(check.name): ours changed (\(difference.reason))")
            } else {
                #expect(ours.status == expected.status, "\(check.name): exit status")
                #expect(ours.messages == expected.messages, "\(check.name): messages")
            }
        }
        let unknown = Set(Self.knownDifferences.keys).subtracting(script.cases.map(\.name))
        #expect(unknown.isEmpty, "known differences for cases the script does not have: \(unknown.sorted())")
    }

    /// Where we differ from keepalived on purpose, or cannot be like it; each one with its reason
    /// (also listed in the README's keepalived.conf fidelity paragraph).
    static let missingFileMessage = "Config files missing '/tmp/cc/does-not-exist.conf'."

    static let knownDifferences: [String: KnownDifference] = [
        "missing-file": KnownDifference(
            reason: "a main file that cannot be read exits 4: keepalived exits 0 and would run with nothing",
            keepalived: ConfigCheckOutcome(status: 0, messages: [missingFileMessage]),
            ours: ConfigCheckOutcome(status: 4, messages: [missingFileMessage])),
        "http-get-no-url": KnownDifference(
            reason: "keepalived 2.2.7 crashes (SIGSEGV) after the message; we report it and exit 5",
            keepalived: ConfigCheckOutcome(
                status: 139,
                messages: [
                    "(/tmp/cc/http-get-no-url.conf: Line 8) HTTP/SSL_GET checker has no urls specified - ignoring",
                    "Segmentation fault",
                ]),
            ours: ConfigCheckOutcome(
                status: 5,
                messages: [
                    "(/tmp/cc/http-get-no-url.conf: Line 8) HTTP/SSL_GET checker has no urls specified - ignoring"
                ])),
        "vrrp-bad-interface": KnownDifference(
            reason: "the parser keeps VRRP blocks unread and knows no interfaces (the VRRP half is not SwiftLVS's)",
            keepalived: ConfigCheckOutcome(
                status: 5,
                messages: [
                    "(/tmp/cc/vrrp-bad-interface.conf: Line 3) WARNING - interface eth9 for vrrp_instance VI_1 "
                        + "doesn't exist",
                    "Non-existent interface specified in configuration",
                ]),
            ours: ConfigCheckOutcome(status: 0, messages: [])),
        "misc-script": KnownDifference(
            reason: "keepalived -t was killed (SIGTERM) in the oracle VM with the default script user, an artefact"
                + " of the VM's minimal user setup; the daemon there logs the SECURITY VIOLATION, as we do",
            keepalived: ConfigCheckOutcome(status: 143, messages: ["Terminated"]),
            ours: ConfigCheckOutcome(
                status: 6,
                messages: [
                    "SECURITY VIOLATION - check scripts are being executed but script_security not enabled."
                ])),
        "misc-script-missing": KnownDifference(
            reason: "killed like misc-script; a parser without the file system cannot tell that the script is"
                + " missing, so it reports script security as for any script",
            keepalived: ConfigCheckOutcome(status: 143, messages: ["Terminated"]),
            ours: ConfigCheckOutcome(
                status: 6,
                messages: [
                    "SECURITY VIOLATION - check scripts are being executed but script_security not enabled."
                ])),
    ]
}

/// The exit status and the messages of one `keepalived -t` run.
struct ConfigCheckOutcome: Equatable, CustomStringConvertible {
    var status: Int32
    var messages: [String]

    var description: String { "rc=\(status) " + messages.description }
}

struct KnownDifference {
    var reason: String
    var keepalived: ConfigCheckOutcome
    var ours: ConfigCheckOutcome
}

private func configCheckFixture(_ name: String) throws -> String {
    var directory = URL(fileURLWithPath: #filePath)
    while directory.path != "/" {
        directory.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            break
        }
    }
    let url = directory.appendingPathComponent("Fixtures/oracle/keepalived/config-check/\(name)")
    return try String(contentsOf: url, encoding: .utf8)
}

/// The cases of config-check.sh: each `check NAME` (or `echo "== NAME"; keepalived -t... -f PATH`)
/// with the files the script has written by then, as the VM's file system held them.
struct ConfigCheckScript {
    struct Case {
        var name: String
        var mainPath: String
        var files: [String: String]
    }

    var cases: [Case] = []

    static func load() throws -> ConfigCheckScript {
        try ConfigCheckScript(text: configCheckFixture("config-check.sh"))
    }

    init(text: String) throws {
        var files: [String: String] = [:]
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let line = lines.popFirst() {
            if let path = Self.heredocTarget(line) {
                var body = ""
                while let next = lines.popFirst(), next != "EOF" {
                    body += next + "\n"
                }
                files[path] = body
            } else if line.hasPrefix("printf '") {
                let (path, body) = try Self.printfFile(line)
                files[path] = body
            } else if line.hasPrefix("check ") {
                let name = String(line.dropFirst("check ".count))
                cases.append(Case(name: name, mainPath: "/tmp/cc/\(name).conf", files: files))
            } else if line.hasPrefix("echo \"== ") {
                cases.append(try Self.directRun(line, files: files))
            } else if !Self.isWithoutFiles(line) {
                throw ConfigCheckFixtureError(message: "config-check.sh line not understood: \(line)")
            }
        }
    }

    /// `cat > PATH <<'EOF'` -> PATH.
    private static func heredocTarget(_ line: Substring) -> String? {
        guard line.hasPrefix("cat > "), line.hasSuffix(" <<'EOF'") else { return nil }
        return String(line.dropFirst("cat > ".count).dropLast(" <<'EOF'".count))
    }

    /// `printf 'TEXT' > PATH; chmod ...`: the misc check script, written as keepalived would find it.
    private static func printfFile(_ line: Substring) throws -> (String, String) {
        let parts = line.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let redirect = parts[2].split(separator: ";").first,
            redirect.hasPrefix(" > ")
        else {
            throw ConfigCheckFixtureError(message: "printf line not understood: \(line)")
        }
        let path = redirect.dropFirst(" > ".count).trimmingCharacters(in: .whitespaces)
        return (path, parts[1].replacingOccurrences(of: "\\n", with: "\n"))
    }

    /// `echo "== NAME"; keepalived -t[LOG] -f PATH; ...`
    private static func directRun(_ line: Substring, files: [String: String]) throws -> Case {
        let words = line.split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\";")) }
        guard words.count > 2, let f = words.firstIndex(of: "-f"), f + 1 < words.count else {
            throw ConfigCheckFixtureError(message: "direct keepalived run not understood: \(line)")
        }
        return Case(name: words[2], mainPath: words[f + 1], files: files)
    }

    /// Lines that write no file a case reads: comments, the shell setup, directories.
    private static func isWithoutFiles(_ line: Substring) -> Bool {
        line.isEmpty || line.hasPrefix("#") || line == "exec 2>&1" || line.hasPrefix("mkdir -p ")
            || line.hasPrefix("check() {")
    }
}

/// One case of config-check.out: `== NAME`, what keepalived printed, `rc=N`; a `-- PATH` line
/// starts the content of the log file `-t<PATH>` wrote the messages to.
struct ConfigCheckOutput {
    var name: String
    var lines: [String] = []
    var status: Int32 = -1

    static func load() throws -> [ConfigCheckOutput] {
        var outputs: [ConfigCheckOutput] = []
        let text = try configCheckFixture("config-check.out")
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("== ") {
                outputs.append(ConfigCheckOutput(name: String(line.dropFirst(3))))
            } else if outputs.isEmpty {
                throw ConfigCheckFixtureError(message: "config-check.out starts with \(line)")
            } else if line.hasPrefix("rc="), let status = Int32(line.dropFirst(3)) {
                outputs[outputs.count - 1].status = status
            } else if line.hasPrefix("-- /") {
                // `keepalived -t/tmp/cc/t.log` wrote its messages to that file, printed after this
                // line: they count as the run's messages (`lvs keepalived -t` takes no log file).
                continue
            } else {
                outputs[outputs.count - 1].lines.append(String(line))
            }
        }
        return outputs
    }

    /// The messages without the per-pass repeats (see ConfigCheckReplayTests).
    func distinctOutcome(mainPath: String) -> ConfigCheckOutcome {
        let all = Set(lines)
        var seen: Set<String> = []
        var messages: [String] = []
        for line in lines {
            var message = line
            if line.hasPrefix("(Line ") {
                let named = "(\(mainPath): " + line.dropFirst(1)
                if all.contains(named) {
                    message = named
                }
            }
            if seen.insert(message).inserted {
                messages.append(message)
            }
        }
        return ConfigCheckOutcome(status: status, messages: messages)
    }
}

struct ConfigCheckFixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
