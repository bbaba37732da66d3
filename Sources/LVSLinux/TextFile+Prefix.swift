#if canImport(Glibc)
import Glibc
#endif

extension TextFile {
    /// At most `maxBytes` from the start of the file, with one read(2) as keepalived's track_file
    /// reader does; nil if it cannot be opened or read. O_NONBLOCK so a FIFO put there never hangs.
    public static func readPrefix(_ path: String, maxBytes: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: max(0, maxBytes))
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard count >= 0 else { return nil }
        return Array(buffer.prefix(count))
    }
}
