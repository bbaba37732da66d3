import Foundation

/// A `lvs director` control plane in a temporary directory, with an `ipvsadm` symlink beside
/// it; stopped and removed by `stop()`.
final class DirectorProcess {
    let dir: URL
    let socket: URL
    let binDir: URL
    private let process = Process()

    init(lvs: URL) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("lvs-test-\(UUID().uuidString.prefix(8))")
        socket = dir.appendingPathComponent("control.sock")
        binDir = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: binDir, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: binDir.appendingPathComponent("ipvsadm"), withDestinationURL: lvs)
        process.executableURL = lvs
        process.arguments = ["director", "--control-socket", socket.path, "--log-level", "error"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: socket.path) {
            guard Date() < deadline, process.isRunning else { stop(); throw DirectorStartError() }
            usleep(20_000)
        }
    }

    struct DirectorStartError: Error {}

    /// Runs a shell script with `ipvsadm` on PATH pointing at this director; stdout and stderr
    /// are merged in order, as the oracle prints them.
    func runScript(_ text: String, prelude: String = "ip() { :; }\n") throws -> String {
        let sh = Process()
        sh.executableURL = URL(fileURLWithPath: "/bin/sh")
        sh.arguments = ["-c", prelude + text]
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = binDir.path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["LVS_CONTROL_SOCKET"] = socket.path
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
        if process.isRunning { process.interrupt(); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: dir)
    }
}
