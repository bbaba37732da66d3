import Foundation
import LVSTestSupport
import Testing

/// `lvs director --log-format json|logfmt`: every line the director logs is one record a
/// collector parses.
@Suite struct LogFormatTests {
    /// Starts a table-only director with `format`, waits for its socket, stops it (SIGINT) and
    /// returns what it wrote on standard error.
    static func directorLog(format: String, ipvsadm commands: [[String]] = []) throws -> String {
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
        for command in commands {
            let ipvsadm = Process()
            ipvsadm.executableURL = lvs
            ipvsadm.arguments = ["ipvsadm"] + command
            ipvsadm.environment = ProcessInfo.processInfo.environment.merging(sandbox.environment) { $1 }
            try ipvsadm.run()
            ipvsadm.waitUntilExit()
            #expect(ipvsadm.terminationStatus == 0, "ipvsadm \(command)")
        }
        process.interrupt()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    @Test func jsonLinesParse() throws {
        let log = try Self.directorLog(
            format: "json",
            ipvsadm: [
                ["-A", "-t", "198.18.0.50:80", "-s", "wlc"],
                ["-a", "-t", "198.18.0.50:80", "-r", "198.18.0.11:80", "-w", "3"],
            ])
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
        // One line per table change, with what changed.
        #expect(
            records.contains {
                $0["msg"] == "service added" && $0["service"] == "TCP 198.18.0.50:80" && $0["scheduler"] == "wlc"
            })
        #expect(
            records.contains {
                $0["msg"] == "real server added" && $0["server"] == "198.18.0.11:80" && $0["weight"] == "3"
                    && $0["forward"] == "Route"
            })
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

    @Test func keepalivedStateChangesAsJSONLines() throws {
        let lvs = try #require(LVSBinary.url, "lvs binary not built")
        let director = try DirectorProcess(lvs: lvs)
        defer { director.stop() }
        let directory = director.sandbox.directory
        let configuration = directory.appendingPathComponent("keepalived.conf")
        try """
        virtual_server 198.18.0.100 80 {
            lb_algo rr
            lb_kind DR
            protocol TCP
            real_server 198.18.0.11 80 {
                weight 1
            }
        }

        """.write(to: configuration, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = lvs
        process.arguments = [
            "keepalived", "-f", configuration.path, "--control-socket", director.sandbox.socketPath,
            "--pid", directory.appendingPathComponent("keepalived.pid").path,
            "--status-file", directory.appendingPathComponent("keepalived.status").path, "--log-format", "json",
        ]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Readiness: the table is set up once the service is listed.
        var listed = false
        for _ in 0..<100 where !listed && process.isRunning {
            listed = (try director.runScript("ipvsadm -L -n")).contains("198.18.0.11:80")
            if !listed { usleep(100_000) }
        }
        #expect(listed, "lvs keepalived did not set the table up")
        process.interrupt()
        let log = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(log)
        let records = try log.split(separator: "\n").map { line in
            try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String],
                "not a JSON object: \(line)")
        }
        #expect(records.contains { $0["logger"] == "lvs.keepalived" && $0["msg"]?.hasPrefix("Gained quorum") == true })
        #expect(records.contains { $0["msg"] == "Stopping" })
    }
}
