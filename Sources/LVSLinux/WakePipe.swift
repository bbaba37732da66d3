import CLVSLinux
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A pipe a poll loop watches to learn it should stop: `wake()` (from any thread, or a signal
/// handler through `routeTerminationSignals`) makes the read end readable.
public final class WakePipe: Sendable {
    public let readDescriptor: OwnedDescriptor
    public let writeDescriptor: OwnedDescriptor

    public init() throws(SystemCallError) {
        var fds: [Int32] = [0, 0]
        _ = try systemCall("pipe2") { clvs_pipe_cloexec(&fds) }
        readDescriptor = OwnedDescriptor(fds[0])
        writeDescriptor = OwnedDescriptor(fds[1])
        // A full pipe already means "wake up": the writer must never block.
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
    }

    public func wake() {
        var byte: UInt8 = 1
        _ = Glibc.write(writeDescriptor.rawValue, &byte, 1)
    }

    /// Whether `wake()` was called (without waiting).
    public var isWoken: Bool {
        var p = pollfd(fd: readDescriptor.rawValue, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) == 1
    }

    /// Makes SIGTERM, SIGINT and SIGHUP wake `pipe` instead of ending the process, so the loop
    /// can undo what it set up. The handler only writes one byte (async-signal-safe). One pipe
    /// per process: a later call replaces the earlier one.
    public static func routeTerminationSignals(to pipe: WakePipe) {
        signalWakeDescriptor.store(pipe.writeDescriptor.rawValue, ordering: .sequentiallyConsistent)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let saved = errno
            var byte: UInt8 = 1
            _ = Glibc.write(signalWakeDescriptor.load(ordering: .relaxed), &byte, 1)
            errno = saved
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        for s in [SIGTERM, SIGINT, SIGHUP] { sigaction(s, &action, nil) }
    }
}

/// Read by the signal handler; an atomic so the handler never runs a lazy global initializer.
private let signalWakeDescriptor = Atomic<Int32>(-1)
