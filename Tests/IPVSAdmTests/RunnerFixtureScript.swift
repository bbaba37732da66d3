import Foundation
import IPVSAdm
import LVSCore
import LVSTestSupport
import Testing

/// Runs an oracle fixture script (the line-oriented subset of sh those scripts use) through
/// IPVSAdmRunner and returns what the oracle would have printed (stdout+stderr merged).
///
/// Understood: `ipvsadm ARGS` with `2>/dev/null`, `>/dev/null`, `2>&1`, `</dev/null`;
/// `echo WORDS | ipvsadm ARGS`; `ipvsadm ARGS <<TAG` ... `TAG`; `echo rc=$?`; `echo WORDS`;
/// `;`-separated commands on one line; `# comments`; `ip ...` lines (network setup, skipped).
struct RunnerFixtureScript {
    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    let runner: IPVSAdmRunner

    func run(_ script: String) throws -> String {
        var output = ""
        var lastStatus: Int32 = 0
        var lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        while let raw = lines.popFirst() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("ip ") { continue }
            var hereDocument: String?
            var commandLine = line
            if let range = line.range(of: "<<") {
                let tag = String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces)
                commandLine = String(line[..<range.lowerBound])
                var body = ""
                while let next = lines.popFirst(), next != tag { body += next + "\n" }
                hereDocument = body
            }
            for command in commandLine.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if command.isEmpty { continue }
                if command == "echo rc=$?" {
                    output += "rc=\(lastStatus)\n"
                    continue
                }
                var stdin = hereDocument
                var invocation = command
                if command.hasPrefix("echo ") {
                    guard let bar = command.range(of: " | ") else {
                        output += words(String(command.dropFirst(5))).joined(separator: " ") + "\n"
                        lastStatus = 0
                        continue
                    }
                    stdin =
                        words(String(command[command.index(command.startIndex, offsetBy: 5)..<bar.lowerBound]))
                        .joined(separator: " ") + "\n"
                    invocation = String(command[bar.upperBound...])
                }
                var args = words(invocation)
                guard args.first == "ipvsadm" else { throw Unsupported(description: "cannot run: \(command)") }
                args.removeFirst()
                var showOut = true
                var showErr = true
                args = args.filter { word in
                    switch word {
                    case "2>/dev/null":
                        showErr = false
                        return false
                    case ">/dev/null", "1>/dev/null":
                        showOut = false
                        return false
                    case "2>&1": return false
                    case "</dev/null":
                        stdin = ""
                        return false
                    default: return true
                    }
                }
                let result = runner.run(arguments: args, stdin: { stdin })
                // ipvsadm's stdout is block-buffered into a pipe and flushed at exit, after
                // anything it wrote to (unbuffered) stderr.
                if showErr { output += result.stderr }
                if showOut { output += result.stdout }
                lastStatus = result.exitCode
            }
        }
        return output
    }

    private func words(_ s: String) -> [String] {
        s.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }
}

enum FixtureFiles {
    static let root = RepositoryPaths.oracleFixtures

    static func scripts(in group: String) -> [String] {
        let dir = root.appendingPathComponent(group)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".sh") }.map { "\(group)/\($0.dropLast(3))" }.sorted()
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }
}
