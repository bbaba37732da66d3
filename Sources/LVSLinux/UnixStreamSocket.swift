import CLVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// Unix stream sockets by address text: a path, or `@name` for a name in the abstract
/// namespace (Linux scopes those to the network namespace, and they have no file to go stale).
/// The abstract address is exactly the name's bytes, as `ss -x` and socat show it.
public enum UnixStreamSocket {
    /// The prefix that marks an abstract address (as `ss` prints them).
    public static let abstractPrefix: Character = "@"

    public static func isAbstract(_ address: String) -> Bool { address.first == abstractPrefix }

    /// A listening socket (non-blocking, close-on-exec) bound to `address`.
    public static func listen(on address: String, backlog: Int32) throws(SystemCallError) -> Int32 {
        let fd = try systemCall("socket(AF_UNIX)") {
            socket(
                AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        do throws(SystemCallError) {
            try withSocketAddress(address, call: "bind(\(address))") { (sa, length) throws(SystemCallError) in
                _ = try systemCall("bind(\(address))") { bind(fd, sa, length) }
            }
            _ = try systemCall("listen(\(address))") { Glibc.listen(fd, backlog) }
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// A blocking socket connected to `address`, whose sends and receives give up (EAGAIN)
    /// after `timeoutSeconds`; connect waits at most that long for a full backlog too.
    public static func connect(to address: String, timeoutSeconds: Int) throws(SystemCallError) -> Int32 {
        let fd = try systemCall("socket(AF_UNIX)") {
            socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        do throws(SystemCallError) {
            let timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            try setSocketOption(fd, level: SOL_SOCKET, SO_SNDTIMEO, "SO_SNDTIMEO", timeout)
            try setSocketOption(fd, level: SOL_SOCKET, SO_RCVTIMEO, "SO_RCVTIMEO", timeout)
            try withSocketAddress(address, call: "connect(\(address))") { (sa, length) throws(SystemCallError) in
                _ = try systemCall("connect(\(address))") { Glibc.connect(fd, sa, length) }
            }
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// Sends without SIGPIPE (MSG_NOSIGNAL): a closed peer is an EPIPE error, not a dead process.
    /// Returns the bytes sent; throws on EAGAIN (the send timeout passed) like on any error.
    public static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemCallError) -> Int {
        try systemCall("send") { Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Receives up to `buffer.count` bytes (0 at end of stream); throws EAGAIN when the
    /// receive timeout passed.
    public static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int {
        try systemCall("recv") { recv(fd, buffer.baseAddress, buffer.count, 0) }
    }

    static func withSocketAddress(
        _ address: String, call: String, _ body: (UnsafePointer<sockaddr>, socklen_t) throws(SystemCallError) -> Void
    ) throws(SystemCallError) {
        var sa = sockaddr_un()
        sa.sun_family = sa_family_t(AF_UNIX)
        let abstract = isAbstract(address)
        // Abstract: a NUL, then the name without a terminator; a path: the bytes and a NUL.
        let name = abstract ? [0] + Array(address.utf8.dropFirst()) : Array(address.utf8)
        let capacity = MemoryLayout.size(ofValue: sa.sun_path)
        guard !name.isEmpty, name.count + (abstract ? 0 : 1) <= capacity else {
            throw SystemCallError(call: call, errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &sa.sun_path) { raw in
            for (i, b) in name.enumerated() { raw[i] = b }
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!
        let length = socklen_t(pathOffset + name.count + (abstract ? 0 : 1))
        try withUnsafePointer(to: &sa) { p throws(SystemCallError) in
            try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sp throws(SystemCallError) in try body(sp, length)
            }
        }
    }
}
