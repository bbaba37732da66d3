import Foundation

/// A temporary directory for one `lvs director`: its control socket, and a `bin/ipvsadm` symlink
/// to `lvs`, so that scripts run under `environment` reach that director with a plain `ipvsadm`,
/// as the seeds' and the oracle's scripts do.
public struct DirectorSandbox: Sendable {
    public let directory: URL
    public let binDirectory: URL
    public let socketPath: String
    /// LVS_CONTROL_SOCKET, and PATH with the ipvsadm symlink first.
    public let environment: [String: String]

    /// Creates `$TMPDIR/<name>` afresh (whatever an earlier run left there goes).
    public init(lvs: URL, name: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        binDirectory = directory.appendingPathComponent("bin")
        socketPath = directory.appendingPathComponent("control.sock").path
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: binDirectory, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: binDirectory.appendingPathComponent("ipvsadm"),
            withDestinationURL: lvs)
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        environment = ["LVS_CONTROL_SOCKET": socketPath, "PATH": binDirectory.path + ":" + path]
    }

    /// `lvs director` arguments that serve this sandbox's socket.
    public var directorArguments: [String] { ["director", "--control-socket", socketPath] }

    /// `environment` as an `env` command line prefix, for hosts that take argv only.
    public var envPrefix: [String] { ["env"] + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } }

    /// Waits up to `seconds` for the director to create its socket; false if it did not, or if
    /// `isRunning` says the director ended first.
    public func waitForSocket(seconds: Double, isRunning: () -> Bool = { true }) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !FileManager.default.fileExists(atPath: socketPath) {
            guard Date() < deadline, isRunning() else { return false }
            usleep(20_000)
        }
        return true
    }

    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
