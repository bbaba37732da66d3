#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: which call, on what, and the errno it returned.
public struct SystemCallError: Error, Equatable, CustomStringConvertible {
    /// The call as a reader would search for it, e.g. "setsockopt(PACKET_RX_RING)".
    public let call: String
    public let errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        "\(call): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// The funnel every syscall in this module goes through: retries on EINTR and turns -1 + errno
/// into a `SystemCallError` naming the call.
@inline(__always)
func systemCall<R: BinaryInteger>(_ call: @autoclosure () -> String, _ body: () -> R) throws(SystemCallError) -> R {
    while true {
        let r = body()
        if r != -1 { return r }
        let e = Glibc.errno
        if e == EINTR { continue }
        throw SystemCallError(call: call(), errno: e)
    }
}

/// For calls where some errnos are expected outcomes rather than failures (EAGAIN on a
/// non-blocking send): returns nil for those instead of throwing.
@inline(__always)
func systemCall<R: BinaryInteger>(
    _ call: @autoclosure () -> String, tolerating tolerated: Int32, or alsoTolerated: Int32 = 0, _ body: () -> R
) throws(SystemCallError) -> R? {
    while true {
        let r = body()
        if r != -1 { return r }
        let e = Glibc.errno
        if e == EINTR { continue }
        if e == tolerated || e == alsoTolerated { return nil }
        throw SystemCallError(call: call(), errno: e)
    }
}

/// setsockopt with a value of any trivial type.
func setSocketOption<T: BitwiseCopyable>(
    _ fd: Int32, level: Int32, _ option: Int32, _ name: String, _ value: T
) throws(SystemCallError) {
    var v = value
    _ = try systemCall("setsockopt(\(name))") {
        withUnsafeBytes(of: &v) { setsockopt(fd, level, option, $0.baseAddress, socklen_t($0.count)) }
    }
}

/// getsockopt into a value of any trivial type.
func socketOption<T: BitwiseCopyable>(
    _ fd: Int32, level: Int32, _ option: Int32, _ name: String, initial: T
) throws(SystemCallError) -> T {
    var v = initial
    var len = socklen_t(MemoryLayout<T>.size)
    _ = try systemCall("getsockopt(\(name))") {
        withUnsafeMutableBytes(of: &v) { getsockopt(fd, level, option, $0.baseAddress, &len) }
    }
    return v
}
