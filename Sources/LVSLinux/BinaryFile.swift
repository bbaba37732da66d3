#if canImport(Glibc)
import Glibc
#endif

/// Whole files read as bytes (a connection checkpoint), without Foundation. Written with
/// `TextFile.writeAtomically(_:bytes:mode:durable:)`.
public enum BinaryFile {
    /// The file's bytes, or nil if it does not exist.
    public static func read(_ path: String) throws(SystemCallError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw SystemCallError(call: "open(\(path))", errno: errno)
        }
        defer { close(fd) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try systemCall("read(\(path))") {
                buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            }
            if n == 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        return out
    }
}
