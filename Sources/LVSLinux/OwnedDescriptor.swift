#if canImport(Glibc)
import Glibc
#endif

/// A file descriptor closed exactly once, when the owner goes away.
public final class OwnedDescriptor: Sendable {
    public let rawValue: Int32

    public init(_ fd: Int32) { rawValue = fd }

    deinit { _ = Glibc.close(rawValue) }
}
