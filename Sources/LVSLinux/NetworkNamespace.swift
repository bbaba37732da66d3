import CLVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// A named network namespace as iproute2 keeps them: a bind mount at /run/netns/NAME.
///
/// Sockets belong to the namespace of the thread that created them, forever; so `run` is how
/// to open a packet ring, a UDP socket or a TUN device "inside" a namespace and then use it
/// from any thread.
public struct NetworkNamespace: Sendable, Hashable {
    public static let directory = "/run/netns"

    public let name: String
    public var path: String { Self.directory + "/" + name }

    public init(name: String) { self.name = name }

    /// Runs `body` on a new thread that first joined this namespace (setns CLONE_NEWNET), and
    /// waits for it. The thread ends afterwards, so the caller's threads never change namespace.
    public func run<R>(_ body: () throws -> R) throws -> R {
        let path = self.path
        return try withoutActuallyEscaping(body) { escapable in
            var outcome: Result<R, any Error>?
            let entry = ThreadEntry {
                outcome = Result {
                    let fd = try systemCall("open(\(path))") { open(path, O_RDONLY | O_CLOEXEC) }
                    defer { close(fd) }
                    _ = try systemCall("setns(\(path), CLONE_NEWNET)") { clvs_setns(fd, clvs_clone_newnet()) }
                    return try escapable()
                }
            }
            try entry.runOnNewThreadAndWait()
            guard let outcome else { throw SystemCallError(call: "pthread_create", errno: EINVAL) }
            return try outcome.get()
        }
    }

    /// Names under /run/netns starting with `prefix`, sorted.
    public static func names(prefix: String = "") -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != "..", name.hasPrefix(prefix) { out.append(name) }
        }
        return out.sorted()
    }

    /// `ip netns add NAME`.
    public static func create(_ name: String) throws -> NetworkNamespace {
        try NetworkCommand.ip("netns", "add", name)
        return NetworkNamespace(name: name)
    }

    /// Kills the processes still inside (they would keep the namespace alive) and removes it.
    public func delete() throws {
        for pid in processIDs() where pid != getpid() { kill(pid, SIGKILL) }
        try NetworkCommand.ip("netns", "delete", name)
    }

    /// Arranges for a fatal or terminating signal (SIGINT, SIGTERM, SIGSEGV, a Swift trap, ...)
    /// to detach and unlink this namespace's mount before the process dies. The handler only
    /// makes async-signal-safe calls and then passes the signal on to the previous handler.
    /// Returns false if the fixed-size table (64 entries) is full.
    @discardableResult
    public func removeOnFatalSignal() -> Bool {
        clvs_cleanup_install()
        return clvs_cleanup_register(path) == 0
    }

    /// Undoes `removeOnFatalSignal` (after a normal teardown).
    public func forgetFatalSignalRemoval() {
        clvs_cleanup_unregister(path)
    }

    /// PIDs of processes whose network namespace is this one (`ip netns pids`).
    public func processIDs() -> [pid_t] {
        guard let out = try? NetworkCommand.ip("netns", "pids", name) else { return [] }
        return out.split(whereSeparator: \.isWhitespace).compactMap { pid_t($0) }
    }
}
