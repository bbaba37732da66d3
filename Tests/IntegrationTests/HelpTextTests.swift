import Foundation
import LVSTestSupport
import Testing

/// `lvs director --help` at 80 columns: the discussion is written as paragraphs and wrapped once,
/// by the argument parser. A text wrapped twice (pre-wrapped lines wrapped again) leaves short
/// lines in mid-paragraph whose next word would have fitted.
@Suite struct HelpTextTests {
    static func help(_ arguments: [String], columns: Int) throws -> String {
        let lvs = try #require(LVSBinary.url, "lvs binary not built")
        let process = Process()
        process.executableURL = lvs
        process.arguments = arguments + ["--help"]
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = String(columns)
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(arguments: [["director"], ["sysctl"]])
    func discussionIsWrappedOnceToTheTerminal(_ command: [String]) throws {
        let text = try Self.help(command, columns: 80)
        let discussion = text.components(separatedBy: "\nUSAGE:")[0]
        let lines = discussion.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count > 5)
        // The parser leaves the terminal's last column free.
        let width = 79
        for (line, next) in zip(lines, lines.dropFirst()) {
            #expect(line.utf8.count <= width, "longer than the terminal: \(line)")
            guard !line.isEmpty, let word = next.split(separator: " ").first else { continue }
            #expect(
                line.utf8.count + 1 + word.utf8.count > width,
                "\"\(word)\" would have fitted after \"\(line)\"")
        }
    }
}
