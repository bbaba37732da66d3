import CLVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// A one-shot completion one thread waits on and another signals (a POSIX semaphore).
public final class Completion: @unchecked Sendable {
    private let semaphore: UnsafeMutablePointer<sem_t>

    public init() {
        semaphore = .allocate(capacity: 1)
        sem_init(semaphore, 0, 0)
    }

    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }

    public func signal() { sem_post(semaphore) }

    public func wait() {
        while sem_wait(semaphore) != 0 && errno == EINTR {}
    }
}
