import Foundation
import LVSTestSupport

/// A `lvs director` control plane in a sandbox (its socket and an `ipvsadm` symlink); stopped
/// and removed by `stop()`.
final class DirectorProcess {
    let sandbox: DirectorSandbox
    private let process = Process()

    init(lvs: URL, arguments extra: [String] = []) throws {
        sandbox = try DirectorSandbox(lvs: lvs, name: "lvs-test-\(UUID().uuidString.prefix(8))")
        process.executableURL = lvs
        process.arguments = sandbox.directorArguments + ["--log-level", "error"] + extra
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard sandbox.waitForSocket(seconds: 10, isRunning: { process.isRunning }) else {
            stop()
            throw TestFailure("lvs director did not create \(sandbox.socketPath)")
        }
    }

    /// Runs a shell script with `ipvsadm` on PATH pointing at this director; stdout and stderr
    /// are merged in order, as the oracle prints them.
    func runScript(_ text: String, prelude: String = "ip() { :; }\n") throws -> String {
        let sh = Process()
        sh.executableURL = URL(fileURLWithPath: "/bin/sh")
        sh.arguments = ["-c", prelude + text]
        var env = ProcessInfo.processInfo.environment.merging(sandbox.environment) { _, sandbox in sandbox }
        // The oracle VM has no /etc/hosts, /etc/services or DNS: resolve nothing, as there.
        env["LVS_IPVSADM_NO_NAMES"] = "1"
        sh.environment = env
        let pipe = Pipe()
        sh.standardOutput = pipe
        sh.standardError = pipe
        sh.standardInput = FileHandle.nullDevice
        try sh.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        sh.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func stop() {
        if process.isRunning {
            process.interrupt()
            process.waitUntilExit()
        }
        sandbox.remove()
    }
}
