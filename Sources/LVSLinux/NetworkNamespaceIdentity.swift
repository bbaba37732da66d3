import CLVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// Which network namespace the calling thread is in.
public enum NetworkNamespaceIdentity {
    /// A name for the namespace that no other namespace gets while the system runs: its cookie
    /// ("cookie-N", SO_NETNS_COOKIE, never reused until reboot). Inode numbers are reused as
    /// soon as a namespace is gone, so state kept under one would be found by a stranger; the
    /// inode ("inode-N") is only the fallback for kernels before 5.14.
    public static func currentKey() -> String? {
        if let cookie = cookie() { return "cookie-\(cookie)" }
        return current().map { "inode-\($0)" }
    }

    /// The namespace's cookie, from a throw-away socket created in it.
    public static func cookie() -> UInt64? {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var value: UInt64 = 0
        var length = socklen_t(MemoryLayout<UInt64>.size)
        let soNetnsCookie: Int32 = 71
        guard getsockopt(fd, SOL_SOCKET, soNetnsCookie, &value, &length) == 0, length == 8 else { return nil }
        return value
    }

    /// The namespace inode number ("net:[4026531840]"), or nil if /proc is unavailable.
    public static func current() -> UInt64? {
        var buffer = [CChar](repeating: 0, count: 64)
        let n = readlink("/proc/thread-self/ns/net", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let open = text.firstIndex(of: "["), let close = text.firstIndex(of: "]") else { return nil }
        return UInt64(text[text.index(after: open)..<close])
    }
}
