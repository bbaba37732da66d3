import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

enum Root {
    static let isRoot = getuid() == 0
    static let skipMessage: Comment = "needs root (network namespaces); run the tests as root to exercise lvs demo and the lab HTTP pair"
}

/// The `lvs` built beside the test bundle (swift test builds every product first).
enum LVSBinary {
    static let url: URL? = {
        var candidates: [URL] = []
        if let exe = CommandLine.arguments.first {
            var u = URL(fileURLWithPath: exe)
            for _ in 0..<4 { u.deleteLastPathComponent(); candidates.append(u.appendingPathComponent("lvs")) }
        }
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        candidates.append(root.appendingPathComponent(".build/debug/lvs"))
        candidates.append(root.appendingPathComponent(".build/release/lvs"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()
}

/// What a demo run may leave behind, looked up independently of the demo's own bookkeeping.
enum Leftovers {
    /// Namespaces of the demo process `pid` (`lvsdemo-<pid>-...`).
    static func namespaces(of pid: Int32) throws -> [String] {
        try shell(["ip", "netns", "list"]).split(separator: "\n")
            .map { String($0.split(separator: " ").first ?? "") }
            .filter { $0.hasPrefix("lvsdemo-\(pid)-") }
    }

    /// Processes whose environment carries `tag` (the demo's children inherit it).
    static func processes(tagged tag: String) -> [Int32] {
        let me = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard pid != me, let env = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            return env.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == tag }
        }
    }

    /// Link names and IPv4 addresses in the test's own network namespace.
    static func hostInterfaces() throws -> Set<String> {
        let links = try shell(["ip", "-o", "link", "show"]).split(separator: "\n")
            .compactMap { $0.split(separator: ":").dropFirst().first?.trimmingCharacters(in: .whitespaces) }
        let addresses = try shell(["ip", "-o", "-4", "addr", "show"]).split(separator: "\n")
            .compactMap { line in line.split(separator: " ").drop { $0 != "inet" }.dropFirst().first.map(String.init) }
        return Set(links + addresses)
    }

    static func shell(_ argv: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = argv
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// `lvs ARGS` in the background with stdout+stderr to a file, tagged through its environment.
final class LVSRun {
    let process = Process()
    let output: URL
    let tag = "LVS_DEMO_TEST_TAG=\(UUID().uuidString)"

    init(_ lvs: URL, _ arguments: [String]) throws {
        output = FileManager.default.temporaryDirectory.appendingPathComponent("lvs-demo-test-\(UUID().uuidString.prefix(8)).out")
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
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: output)
    }
}
