import Foundation
import LVSTestSupport

/// One keepalived oracle scenario (Fixtures/oracle/keepalived/NAME.sh and NAME.out): the DSL
/// steps with the configurations written before them, and the captured output sections.
struct OracleScenario {
    enum Step: Equatable {
        case start(config: String)
        case reload(config: String)
        case down(Int)
        case up(Int)
        case misc(Int, code: UInt32, delay: Double)
        case page(Int, path: String, text: String)
        case nopage(Int, path: String)
        case wait(Double)
        case snap(String, raw: Bool)
        case run([String])
        case addrs
        case finish
    }

    var name: String
    var steps: [Step]
    /// Output sections by their marker line ("== snap start", "== run ipvsadm -L -n --thresholds").
    var sections: [(marker: String, body: String)]

    static let directory = RepositoryPaths.oracleFixtures.appendingPathComponent("keepalived")

    /// Scenario names that have both a script and a captured output, sorted.
    static func available() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".out") }.map { String($0.dropLast(4)) }
            .filter { files.contains("\($0).sh") }.sorted()
    }

    static func load(_ name: String) throws -> OracleScenario {
        let script = try String(contentsOf: directory.appendingPathComponent("\(name).sh"), encoding: .utf8)
        let output = try String(contentsOf: directory.appendingPathComponent("\(name).out"), encoding: .utf8)
        return OracleScenario(name: name, steps: try steps(script), sections: sections(output))
    }

    struct UnknownStep: Error, CustomStringConvertible {
        var line: String
        var description: String { "unknown DSL line: \(line)" }
    }

    static func steps(_ script: String) throws -> [Step] {
        var steps: [Step] = []
        var current = ""
        var next = ""
        var lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        while let line = lines.popFirst() {
            let words = line.split(separator: " ").map(String.init)
            guard let first = words.first, !first.hasPrefix("#") else { continue }
            if first == "cat", words.count >= 4, words[1] == ">" {
                var body = ""
                while let bodyLine = lines.popFirst(), bodyLine != "EOF" {
                    body += bodyLine + "\n"
                }
                if words[2].hasSuffix(".next") {
                    next = body
                } else {
                    current = body
                }
                continue
            }
            let number = { (word: String) in Int(word.dropFirst()) ?? 0 }
            switch (first, words.count) {
            case ("start", 1): steps.append(.start(config: current))
            case ("reload", 1):
                current = next
                steps.append(.reload(config: current))
            case ("down", 2): steps.append(.down(number(words[1])))
            case ("up", 2): steps.append(.up(number(words[1])))
            case ("misc", 3...4):
                steps.append(
                    .misc(
                        number(words[1]), code: UInt32(words[2]) ?? 0,
                        delay: words.count == 4 ? Double(words[3]) ?? 0 : 0))
            case ("page", 3...):
                steps.append(.page(number(words[1]), path: words[2], text: words.dropFirst(3).joined(separator: " ")))
            case ("nopage", 3): steps.append(.nopage(number(words[1]), path: words[2]))
            case ("wait_s", 2): steps.append(.wait(Double(words[1]) ?? 0))
            case ("snap", 2): steps.append(.snap(words[1], raw: false))
            case ("snapraw", 2): steps.append(.snap(words[1], raw: true))
            case ("run", 2...): steps.append(.run(Array(words.dropFirst())))
            case ("addrs", 1): steps.append(.addrs)
            case ("finish", 1): steps.append(.finish)
            default: throw UnknownStep(line: line)
            }
        }
        return steps
    }

    static func sections(_ output: String) -> [(marker: String, body: String)] {
        var sections: [(marker: String, body: String)] = []
        for line in output.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.hasPrefix("== ") {
                sections.append((String(line), ""))
            } else if !sections.isEmpty {
                sections[sections.count - 1].body += line + "\n"
            }
        }
        return sections
    }

    /// The captured body of the n-th section with this marker.
    func body(_ marker: String, occurrence: Int = 0) -> String? {
        let matching = sections.filter { $0.marker == marker }
        return occurrence < matching.count ? matching[occurrence].body : nil
    }
}
