#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes to stdout/stderr, so output order across both streams is exactly the
/// order of the calls (ipvsadm's golden output interleaves them).
public enum StandardStreams {
    public static func out(_ s: String) { write(1, s) }
    public static func err(_ s: String) { write(2, s) }

    public static func write(_ fd: Int32, _ s: String) {
        var bytes = Array(s.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            off += n
        }
    }

    /// All of standard input, or nil if it cannot be read.
    public static func readAllInput() -> String? {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            data.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: data, as: UTF8.self)
    }
}
