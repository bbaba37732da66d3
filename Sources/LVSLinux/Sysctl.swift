#if canImport(Glibc)
import Glibc
#endif

/// Reads and writes /proc/sys. Network sysctls belong to the network namespace of the calling
/// thread, so inside `NetworkNamespace.run` they act on that namespace.
public enum Sysctl {
    /// "net.ipv4.ip_forward" or "net/ipv4/ip_forward" -> "/proc/sys/net/ipv4/ip_forward".
    /// Dotted names cannot address interfaces whose names contain dots; use the slash form.
    public static func path(_ name: String) -> String {
        "/proc/sys/" + (name.contains("/") ? name : name.replacingDots())
    }

    /// The value without its trailing newline.
    public static func read(_ name: String) throws(SystemCallError) -> String {
        let p = path(name)
        let fd = try systemCall("open(\(p))") { open(p, O_RDONLY | O_CLOEXEC) }
        defer { close(fd) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = try systemCall("read(\(p))") {
                buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            }
            if n == 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        while out.last == UInt8(ascii: "\n") { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    public static func write(_ name: String, _ value: String) throws(SystemCallError) {
        let p = path(name)
        let fd = try systemCall("open(\(p))") { open(p, O_WRONLY | O_CLOEXEC) }
        defer { close(fd) }
        let bytes = Array((value + "\n").utf8)
        let n = try systemCall("write(\(p))") { bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } }
        if n != bytes.count { throw SystemCallError(call: "write(\(p))", errno: EIO) }
    }
}

extension String {
    fileprivate func replacingDots() -> String {
        String(map { $0 == "." ? "/" : $0 })
    }
}
