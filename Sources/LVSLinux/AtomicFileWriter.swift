#if canImport(Glibc)
import Glibc
#endif

/// A file written piece by piece into a temporary file beside `path` and renamed over it by
/// `commit`, so a reader sees the old file or the whole new one, never a part: for files too big
/// to hold in memory at once (a connection table's listing).
public final class AtomicFileWriter {
    public let path: String
    private let temporary: String
    private var fd: Int32
    private var pending: [UInt8] = []
    /// Bytes gathered before a write(2).
    private static let bufferSize = 64 * 1024

    public init(_ path: String, mode: mode_t = 0o644) throws(SystemCallError) {
        self.path = path
        temporary = path + ".tmp-\(getpid())"
        let t = temporary
        fd = try systemCall("open(\(t))") { open(t, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode) }
        pending.reserveCapacity(Self.bufferSize)
    }

    deinit { abandon() }

    public func write(_ text: String) throws(SystemCallError) {
        pending.append(contentsOf: text.utf8)
        if pending.count >= Self.bufferSize { try flush() }
    }

    /// Writes what is left and renames the file into place.
    public func commit() throws(SystemCallError) {
        do {
            try flush()
        } catch {
            abandon()
            throw error
        }
        close(fd)
        fd = -1
        let (from, to) = (temporary, path)
        do {
            _ = try systemCall("rename(\(from), \(to))") { rename(from, to) }
        } catch {
            unlink(from)
            throw error
        }
    }

    /// Drops the temporary file; `path` keeps what it had. Idempotent.
    public func abandon() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        unlink(temporary)
    }

    private func flush() throws(SystemCallError) {
        var written = 0
        while written < pending.count {
            let n = pending[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemCallError(call: "write(\(temporary))", errno: errno)
            }
            written += n
        }
        pending.removeAll(keepingCapacity: true)
    }
}
