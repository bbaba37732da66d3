import Foundation
import LVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// Where the signal handler writes; set before the handler is installed (so the global is
/// initialised by then and the handler only reads it).
nonisolated(unsafe) private var demoSignalPipe: Int32 = -1

/// Ctrl-C (and SIGTERM, SIGHUP) during `lvs demo`: the handler only writes the signal number to a
/// pipe; a thread reading the pipe does the teardown in ordinary code (killing processes and
/// deleting namespaces is not async-signal-safe). Later signals are absorbed: a second Ctrl-C
/// while the lab is being removed must not leave namespaces behind (SIGKILL still works, and the
/// next lab sweeps what a killed one left).
enum DemoSignals {
    static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Call before the first lab is created.
    static func install(onSignal: @escaping @Sendable (Int32) -> Void) {
        var wanted: [Int32] = []
        for sig in handled {
            var old = sigaction()
            sigaction(sig, nil, &old)
            // SIG_IGN is the handler value 1.
            let ignored = old.__sigaction_handler.sa_handler.map { unsafeBitCast($0, to: Int.self) == 1 } ?? false
            // Under nohup SIGHUP stays ignored. SIGINT and SIGTERM are always taken, even when a
            // shell started us in the background with SIGINT ignored: a kill must still clean up.
            if sig != SIGHUP || !ignored { wanted.append(sig) }
        }
        // The lab's last-resort cleanup (installed with the first namespace) unmounts namespaces
        // from its own handler, which would hide them from our orderly teardown while processes
        // still run inside. It leaves ignored signals alone: ignore ours while it installs.
        for sig in wanted { signal(sig, SIG_IGN) }
        // `lvs demo | head` must not die of SIGPIPE before it has cleaned up; children get the
        // default back (Subprocess resets every signal).
        signal(SIGPIPE, SIG_IGN)
        let probe = NetworkNamespace(name: "lvsdemo-signal-probe")
        probe.removeOnFatalSignal()
        probe.forgetFatalSignalRemoval()

        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            for sig in wanted { signal(sig, SIG_DFL) }
            return
        }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        demoSignalPipe = fds[1]
        let readEnd = fds[0]
        let watcher = Thread {
            var byte: UInt8 = 0
            while true {
                let n = read(readEnd, &byte, 1)
                if n == 1 { break }
                if n < 0 && errno == EINTR { continue }
                return
            }
            onSignal(Int32(byte))
        }
        watcher.name = "lvs-demo-signals"
        watcher.start()

        var action = sigaction()
        action.__sigaction_handler.sa_handler = { sig in
            var byte = UInt8(truncatingIfNeeded: sig)
            _ = write(demoSignalPipe, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = Int32(truncatingIfNeeded: SA_RESTART)
        for sig in wanted { sigaction(sig, &action, nil) }
    }
}
