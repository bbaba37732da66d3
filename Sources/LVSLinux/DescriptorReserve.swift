import CLVSLinux
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One descriptor held back for the moment the process runs out (EMFILE/ENFILE): then a
/// listening socket stays readable while accept fails, and an event loop would wake for it
/// forever. Freeing the spare lets one pending connection be accepted and closed at once
/// (the client sees the end of the stream), so the backlog drains and the loop sleeps.
public final class DescriptorReserve: Sendable {
    private let spare = Mutex<Int32>(-1)

    public init() {
        spare.withLock { $0 = open("/dev/null", O_RDONLY | O_CLOEXEC) }
    }

    deinit {
        spare.withLock { if $0 >= 0 { close($0) } }
    }

    /// Accepts one pending connection of `listening` with the spare descriptor and closes it;
    /// false when there was none (or not even the spare helped).
    @discardableResult
    public func refuseOne(from listening: Int32) -> Bool {
        spare.withLock { fd in
            if fd >= 0 { close(fd) }
            // Closed at once, so close-on-exec does not matter (accept4 is GNU-only in Glibc).
            let accepted = accept(listening, nil, nil)
            if accepted >= 0 { close(accepted) }
            fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
            return accepted >= 0
        }
    }
}
