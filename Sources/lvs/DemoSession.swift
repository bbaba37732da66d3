import Foundation
import LVSCore
import LVSLab
import LVSLinux
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What `lvs demo` has created and must remove: labs, background processes, a work directory.
///
/// Everything that creates something does so inside `step`, under the same lock the interrupt
/// teardown takes; so a Ctrl-C waits for a half-done step (a lab being built) and then removes
/// all of it, and nothing is created after the teardown started.
final class DemoSession: @unchecked Sendable {
    /// Namespaces are `lvsdemo-<pid>-<mode>-<host>`.
    static let labBase = "lvsdemo"

    /// Logs and control sockets: `/tmp/lvs-demo-<pid>`.
    let workDirectory: String
    /// This binary, run inside the namespaces for the director, the real-server helper and the
    /// HTTP server and client.
    let lvsPath: String
    private let interruptedFlag = Atomic<Bool>(false)
    private let lock = NSLock()
    private var labs: [Lab] = []
    private var children: [ChildProcess] = []
    private var logCounter = 0

    init() {
        workDirectory = "/tmp/lvs-demo-\(getpid())"
        lvsPath = Self.executablePath()
    }

    func createWorkDirectory() throws {
        try step {
            try? FileManager.default.removeItem(atPath: workDirectory)
            try FileManager.default.createDirectory(
                atPath: workDirectory, withIntermediateDirectories: false,
                attributes: [.posixPermissions: 0o700])
        }
    }

    var interrupted: Bool { interruptedFlag.load(ordering: .acquiring) }

    /// Prints a line, unless a Ctrl-C is being handled (then only the teardown speaks).
    func say(_ line: String = "") {
        guard !interrupted else { return }
        StandardStreams.out(line + "\n")
    }

    func step<R>(_ body: () throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    func createLab(_ name: String, hosts: [LabHostSpec]) throws -> Lab {
        try step {
            let lab = try Lab.create(name: name, hosts: hosts, base: Self.labBase)
            labs.append(lab)
            return lab
        }
    }

    /// Starts `arguments` (argv after the `lvs` binary, or a full argv when `lvs` is false) in
    /// `host`'s namespace, or in ours when nil, with stdout and stderr to a fresh log file.
    func start(
        _ arguments: [String], lvs: Bool = true, in host: LabHost?, log name: String
    ) throws -> (ChildProcess, String) {
        try step {
            logCounter += 1
            let path = "\(workDirectory)/\(logCounter)-\(name).log"
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw SystemCallError(call: "open(\(path))", errno: errno) }
            defer { close(fd) }
            let argv = lvs ? [lvsPath] + arguments : arguments
            let child =
                try host.map { try $0.start(argv, stdout: fd, stderr: fd) }
                ?? Subprocess.start(argv, stdout: fd, stderr: fd)
            children.append(child)
            return (child, path)
        }
    }

    /// Runs to completion (or `timeoutMilliseconds`, then killed: status nil) and returns what it printed.
    func run(
        _ arguments: [String], lvs: Bool = true, in host: LabHost?, log name: String,
        timeoutMilliseconds: Int64
    ) throws -> (status: Int32?, output: String) {
        let (child, log) = try start(arguments, lvs: lvs, in: host, log: name)
        let status = Self.waitForExit(child, milliseconds: timeoutMilliseconds)
        if status == nil { stop([child]) } else { forget(child) }
        return (status, Self.read(log))
    }

    /// Stops processes: SIGTERM, up to 2 s to exit, then SIGKILL.
    func stop(_ some: [ChildProcess]) {
        step { stopLocked(some) }
    }

    /// Removes a lab after a normal run; returns the namespaces that could not be removed.
    func remove(_ lab: Lab) -> [String] {
        step {
            labs.removeAll { $0 === lab }
            return lab.destroy()
        }
    }

    private func forget(_ child: ChildProcess) {
        step { children.removeAll { $0 === child } }
    }

    private func stopLocked(_ some: [ChildProcess]) {
        for child in some where child.poll() == nil { kill(child.pid, SIGTERM) }
        let deadline = MonotonicClock.now().milliseconds + 2000
        for child in some {
            while child.poll() == nil && MonotonicClock.now().milliseconds < deadline { usleep(10_000) }
            child.terminate(signal: SIGKILL)
        }
        children.removeAll { c in some.contains { $0 === c } }
    }

    /// Ctrl-C: waits for the running step, removes everything, and ends the process (exit 130).
    func interrupt(signal: Int32) -> Never {
        interruptedFlag.store(true, ordering: .releasing)
        StandardStreams.out(
            "\n\(signal == SIGINT ? "interrupted" : "stopped by signal \(signal)"): stopping processes and removing the lab...\n"
        )
        lock.lock()  // never released: nothing may start after this point
        stopLocked(children)
        var leftovers: [String] = []
        for lab in labs { leftovers += lab.destroy() }
        labs.removeAll()
        removeWorkDirectory()
        StandardStreams.out(
            leftovers.isEmpty ? "cleaned up.\n" : "could not remove: \(leftovers.joined(separator: " "))\n")
        exit(128 + signal)
    }

    func removeWorkDirectory() {
        try? FileManager.default.removeItem(atPath: workDirectory)
    }

    static func waitForExit(_ child: ChildProcess, milliseconds: Int64) -> Int32? {
        let deadline = MonotonicClock.now().milliseconds + milliseconds
        while true {
            if let status = child.poll() { return status }
            if MonotonicClock.now().milliseconds >= deadline { return nil }
            usleep(5_000)
        }
    }

    static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    private static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return CommandLine.arguments.first ?? "lvs" }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
