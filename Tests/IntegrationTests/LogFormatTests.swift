import Foundation
import LVSTestSupport
import Testing

/// `lvs director --log-format json|logfmt`: every line the director logs is one record a
/// collector parses.
@Suite struct LogFormatTests {
    /// Starts a table-only director with `format`, waits for its socket, stops it (SIGINT) and
    /// returns what it wrote on standard error.
    static func directorLog(format: String) throws -> String {
        let lvs = try #require(LVSBinary.url, "lvs binary not built")
        let sandbox = try DirectorSandbox(lvs: lvs, name: "lvs-logfmt-\(UUID().uuidString.prefix(8))")
        defer { sandbox.remove() }
        let process = Process()
        process.executableURL = lvs
        process.arguments = sandbox.directorArguments + ["--log-format", format]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        #expect(sandbox.waitForSocket(seconds: 10, isRunning: { process.isRunning }))
        process.interrupt()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    @Test func jsonLinesParse() throws {
        let log = try Self.directorLog(format: "json")
        print(log)
        let records = try log.split(separator: "\n").map { line in
            try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String],
                "not a JSON object: \(line)")
        }
        #expect(
            records.contains {
                $0["msg"] == "director ready" && $0["level"] == "info" && $0["logger"] == "lvs.director"
            })
        #expect(records.contains { $0["msg"] == "director stopped" })
        #expect(records.allSatisfy { $0["time"]?.hasSuffix("Z") == true })
    }

    @Test func logfmtLines() throws {
        let log = try Self.directorLog(format: "logfmt")
        print(log)
        let lines = log.split(separator: "\n")
        #expect(
            lines.contains { $0.contains(" level=info logger=lvs.director msg=\"director ready\" control-socket=") })
        #expect(lines.allSatisfy { $0.hasPrefix("time=") })
    }

    @Test func unknownFormatIsRefused() throws {
        let lvs = try #require(LVSBinary.url, "lvs binary not built")
        let process = Process()
        process.executableURL = lvs
        process.arguments = ["director", "--log-format", "xml"]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(text.contains("--log-format must be text, logfmt or json"))
    }
}
