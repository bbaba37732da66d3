#if canImport(Glibc)
import Glibc
#endif

/// Blocking-looking socket I/O with a deadline: every wait is a poll(2) bounded by the time left,
/// so a silent peer costs at most the deadline, never a hang.
enum SocketIO {
    /// Milliseconds on CLOCK_MONOTONIC.
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Waits for `events` on `fd` until `deadline`; false on timeout.
    static func wait(_ fd: Int32, for events: Int16, until deadline: Int64) -> Bool {
        while true {
            let left = deadline - now()
            if left <= 0 { return false }
            var p = pollfd(fd: fd, events: events, revents: 0)
            let n = poll(&p, 1, Int32(clamping: left))
            if n > 0 { return true }
            if n < 0 && errno != EINTR { return true }  // let the next read/write report the error
        }
    }

    /// Writes all of `bytes`; the error names what failed.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], until deadline: Int64) throws(LabServiceError) {
        var sent = 0
        while sent < bytes.count {
            guard wait(fd, for: Int16(POLLOUT), until: deadline) else { throw LabServiceError("timed out sending") }
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw LabServiceError("send: \(errorText(errno))")
            }
            sent += n
        }
    }

    /// Reads what is there (waiting until `deadline` for something). Returns [] at end of stream,
    /// nil on timeout.
    static func readSome(_ fd: Int32, until deadline: Int64) throws(LabServiceError) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            guard wait(fd, for: Int16(POLLIN), until: deadline) else { return nil }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw LabServiceError("recv: \(errorText(errno))")
            }
            return Array(buffer[0..<n])
        }
    }
}
