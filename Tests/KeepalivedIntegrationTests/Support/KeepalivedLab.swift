import Foundation
import LVSTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A `lvs director` (control plane only) and a `lvs keepalived` programming it, in a sandbox
/// directory that holds the control socket, keepalived.conf, the pid, status and log files.
/// `stop()` ends both processes and removes the directory; tests call it in a `defer`, so
/// nothing outlives a failed test.
final class KeepalivedLab {
    let lvs: URL
    let sandbox: DirectorSandbox
    let configPath: String
    let pidPath: String
    let statusPath: String
    let logPath: String
    private let director = Process()
    private var keepalived: Process?
    /// Directors started later on other sockets (`startLateDirector`).
    private var lateDirectors: [Process] = []

    init(_ name: String) throws {
        guard let lvs = LVSBinary.url else { throw TestFailure("lvs binary not built") }
        self.lvs = lvs
        sandbox = try DirectorSandbox(lvs: lvs, name: "lvs-ka-\(name)-\(UUID().uuidString.prefix(6))")
        configPath = sandbox.directory.appendingPathComponent("keepalived.conf").path
        pidPath = sandbox.directory.appendingPathComponent("keepalived.pid").path
        statusPath = sandbox.directory.appendingPathComponent("keepalived.status").path
        logPath = sandbox.directory.appendingPathComponent("keepalived.log").path
        director.executableURL = lvs
        director.arguments = sandbox.directorArguments + ["--log-level", "error"]
        director.standardOutput = FileHandle.nullDevice
        director.standardError = FileHandle.nullDevice
        try director.run()
        guard sandbox.waitForSocket(seconds: 10, isRunning: { director.isRunning }) else {
            stop()
            throw TestFailure("lvs director did not create \(sandbox.socketPath)")
        }
    }

    /// The path of a file in the sandbox.
    func path(_ name: String) -> String { sandbox.directory.appendingPathComponent(name).path }

    func writeConfig(_ text: String) throws {
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Starts `lvs keepalived` in the foreground on the sandbox's files, its log in `logPath`;
    /// `controlSocket` (default: the sandbox director's) is where it looks for the director.
    func startKeepalived(controlSocket: String? = nil) throws {
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let process = Process()
        process.executableURL = lvs
        process.arguments = [
            "keepalived", "-f", configPath, "--control-socket", controlSocket ?? sandbox.socketPath, "-p", pidPath,
            "--status-file", statusPath, "--log-level", "info",
        ]
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try process.run()
        keepalived = process
    }

    var keepalivedIsRunning: Bool { keepalived?.isRunning ?? false }

    /// What `lvs keepalived` logged so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Runs `lvs ARGUMENTS` against this sandbox's director (`controlSocket` overrides its
    /// socket); its exit status, stdout and stderr. A command still running after `seconds` is
    /// killed (status 137 then), so a daemon that should have refused to run cannot hang a test.
    @discardableResult
    func lvsCommand(
        _ arguments: [String], controlSocket: String? = nil, seconds: Double = 30
    ) throws
        -> CommandResult
    {
        let process = Process()
        process.executableURL = lvs
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.merging(sandbox.environment) { _, sandbox in sandbox }
        environment["LVS_IPVSADM_NO_NAMES"] = "1"
        if let controlSocket { environment["LVS_CONTROL_SOCKET"] = controlSocket }
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Both pipes are drained on their own threads, so that neither can fill and block the child.
        let outputReader = PipeDrain(output.fileHandleForReading)
        let errorReader = PipeDrain(errors.fileHandleForReading)
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, output: String(decoding: outputReader.wait(), as: UTF8.self),
            errors: String(decoding: errorReader.wait(), as: UTF8.self))
    }

    /// `ipvsadm -L -n` as the user sees it.
    func table() throws -> String { try lvsCommand(["ipvsadm", "-L", "-n"]).output }

    /// `lvs keepalived --status` on this sandbox's status file.
    func status() throws -> CommandResult {
        try lvsCommand(["keepalived", "--status", "--status-file", statusPath])
    }

    /// Polls `condition` every 50 ms for up to `seconds`; the time it took, or nil when it never held.
    func waitUntil(seconds: Double, _ condition: () throws -> Bool) rethrows -> Double? {
        let start = Date()
        while true {
            if try condition() { return Date().timeIntervalSince(start) }
            if Date().timeIntervalSince(start) > seconds { return nil }
            usleep(50_000)
        }
    }

    /// Polls the table until it is `expected`; the time it took, or nil (and the last table seen).
    func waitForTable(_ expected: String, seconds: Double) throws -> (elapsed: Double?, last: String) {
        var last = ""
        let elapsed = try waitUntil(seconds: seconds) {
            last = try table()
            return last == expected
        }
        return (elapsed, last)
    }

    /// Sends SIGTERM to keepalived and waits up to `seconds` for it to end; its exit status.
    func terminateKeepalived(seconds: Double = 10) -> Int32? {
        guard let keepalived, keepalived.isRunning else { return keepalived?.terminationStatus }
        keepalived.terminate()
        guard waitUntil(seconds: seconds, { !keepalived.isRunning }) != nil else { return nil }
        return keepalived.terminationStatus
    }

    /// Starts another `lvs director` on `socketPath` (for a keepalived that was waiting for it);
    /// `stop()` ends it too.
    func startLateDirector(socketPath: String) throws {
        let process = Process()
        process.executableURL = lvs
        process.arguments = ["director", "--control-socket", socketPath, "--log-level", "error"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        lateDirectors.append(process)
    }

    /// Ends every process (SIGKILL when SIGTERM is not enough) and removes the sandbox.
    func stop() {
        if let keepalived, keepalived.isRunning {
            keepalived.terminate()
            if waitUntil(seconds: 5, { !keepalived.isRunning }) == nil {
                kill(keepalived.processIdentifier, SIGKILL)
                keepalived.waitUntilExit()
            }
        }
        for director in [director] + lateDirectors where director.isRunning {
            director.interrupt()
            if waitUntil(seconds: 5, { !director.isRunning }) == nil {
                kill(director.processIdentifier, SIGKILL)
            }
            director.waitUntilExit()
        }
        sandbox.remove()
    }
}

/// A finished command: exit status and what it printed.
struct CommandResult {
    var status: Int32
    var output: String
    var errors: String
}
