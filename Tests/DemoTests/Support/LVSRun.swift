import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `lvs ARGS` in the background with stdout+stderr to a file, tagged through its environment.
final class LVSRun {
    let process = Process()
    let output: URL
    let tag = "LVS_DEMO_TEST_TAG=\(UUID().uuidString)"

    init(_ lvs: URL, _ arguments: [String]) throws {
        output = FileManager.default.temporaryDirectory
            .appendingPathComponent("lvs-demo-test-\(UUID().uuidString.prefix(8)).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.executableURL = lvs
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        let parts = tag.split(separator: "=", maxSplits: 1)
        env[String(parts[0])] = String(parts[1])
        process.environment = env
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try handle.close()
    }

    var text: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    /// Waits until the output contains `marker`; false if the process ended or time ran out first.
    func waitFor(_ marker: String, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if text.contains(marker) { return true }
            if !process.isRunning { return text.contains(marker) }
            usleep(20_000)
        }
        return false
    }

    /// Waits for the exit; kills it (and returns nil) after `seconds`.
    func waitForExit(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: output)
    }
}
