#if canImport(Glibc)
import Glibc
#endif

/// Reads small kernel text files (/proc/thread-self/net/arp, /proc/thread-self/net/route).
/// Use the thread-self paths for per-namespace tables: /proc/self/net shows the namespace of
/// the process's main thread, not of a thread that joined another namespace.
public enum ProcFile {
    public static func read(_ path: String) throws(SystemCallError) -> String {
        let fd = try systemCall("open(\(path))") { open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = try systemCall("read(\(path))") {
                buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            }
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
