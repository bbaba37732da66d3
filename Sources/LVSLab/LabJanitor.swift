import LVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// Lab namespace names are `<base>-<pid>-<lab>-<host>`; the pid says which process owns them,
/// so leftovers of a process that died (even by SIGKILL) can be told apart from a running
/// lab's and removed.
public enum LabJanitor {
    public static let defaultBase = "lvst"

    /// The name prefix of this process's labs called `lab`.
    public static func prefix(base: String = defaultBase, lab: String) -> String {
        "\(base)-\(getpid())-\(lab)-"
    }

    /// Removes namespaces named `<base>-<pid>-...` whose pid is not a live process.
    /// Returns the names removed.
    @discardableResult
    public static func removeLeftovers(base: String = defaultBase) -> [String] {
        var removed: [String] = []
        for name in NetworkNamespace.names(prefix: base + "-") {
            let rest = name.dropFirst(base.count + 1)
            guard let pid = pid_t(rest.prefix { $0 != "-" }), !isAlive(pid) else { continue }
            if (try? NetworkNamespace(name: name).delete()) != nil { removed.append(name) }
        }
        return removed
    }

    /// Removes every namespace starting with `prefix` (a lab's own names). Best effort: it goes
    /// on past failures and returns the names it could not remove.
    @discardableResult
    public static func removeAll(prefix: String) -> [String] {
        var failed: [String] = []
        for name in NetworkNamespace.names(prefix: prefix) {
            let ns = NetworkNamespace(name: name)
            if (try? ns.delete()) == nil { failed.append(name) }
            forgetOnSignal(ns)
        }
        return failed
    }

    /// Makes a fatal or terminating signal detach and unlink the namespace's mount before the
    /// process dies (async-signal-safe; processes still inside keep the namespace itself alive).
    static func removeOnSignal(_ ns: NetworkNamespace) {
        ns.removeOnFatalSignal()
    }

    static func forgetOnSignal(_ ns: NetworkNamespace) {
        ns.forgetFatalSignalRemoval()
    }

    private static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
