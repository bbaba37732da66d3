import CLVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// An eventfd a worker's poll watches, so another thread can wake it: `signal()` from anyone,
/// `reset()` by the worker once it has looked at what it was woken for.
public final class WakeEvent: Sendable {
    public let descriptor: OwnedDescriptor

    public init() throws(SystemCallError) {
        let fd = try systemCall("eventfd") { eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC)) }
        descriptor = OwnedDescriptor(fd)
    }

    public func signal() {
        var one: UInt64 = 1
        _ = write(descriptor.rawValue, &one, 8)
    }

    public func reset() {
        var value: UInt64 = 0
        _ = read(descriptor.rawValue, &value, 8)
    }
}
