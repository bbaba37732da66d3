#if canImport(Glibc)
import Glibc
#endif

/// Which network namespace the calling thread is in, as the kernel names it ("net:[4026531840]").
public enum NetworkNamespaceIdentity {
    /// The namespace inode number, or nil if /proc is unavailable.
    public static func current() -> UInt64? {
        var buffer = [CChar](repeating: 0, count: 64)
        let n = readlink("/proc/thread-self/ns/net", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let open = text.firstIndex(of: "["), let close = text.firstIndex(of: "]") else { return nil }
        return UInt64(text[text.index(after: open)..<close])
    }
}
