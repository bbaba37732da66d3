#if canImport(Glibc)
import Glibc
#endif

/// Small text files (state files, /proc entries) and directories, without Foundation.
public enum TextFile {
    /// The file's contents, or nil if it does not exist.
    public static func read(_ path: String) throws(SystemCallError) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw SystemCallError(call: "open(\(path))", errno: errno)
        }
        defer { close(fd) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = try systemCall("read(\(path))") {
                buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            }
            if n == 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes `text` to a temporary file beside `path` and renames it over `path`, so a reader
    /// (or a crash) never sees half a file.
    public static func writeAtomically(_ path: String, _ text: String, mode: mode_t = 0o644) throws(SystemCallError) {
        try writeAtomically(path, bytes: Array(text.utf8), mode: mode, durable: false)
    }

    /// As above; `durable` also flushes the file before the rename and the directory after it,
    /// so that after a power cut the path holds the old or the new contents, never an empty
    /// file (the rename alone may reach the disk before the data).
    public static func writeAtomically(
        _ path: String, bytes: [UInt8], mode: mode_t = 0o644, durable: Bool
    ) throws(SystemCallError) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = try systemCall("open(\(temporary))") {
            open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                close(fd)
                unlink(temporary)
                throw SystemCallError(call: "write(\(temporary))", errno: e)
            }
            written += n
        }
        if durable && fsync(fd) != 0 {
            let e = errno
            close(fd)
            unlink(temporary)
            throw SystemCallError(call: "fsync(\(temporary))", errno: e)
        }
        close(fd)
        do {
            _ = try systemCall("rename(\(temporary), \(path))") { rename(temporary, path) }
        } catch {
            unlink(temporary)
            throw error
        }
        if durable {
            let slash = path.lastIndex(of: "/")
            let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
            let dirFD = try systemCall("open(\(directory))") { open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
            defer { close(dirFD) }
            _ = try systemCall("fsync(\(directory))") { fsync(dirFD) }
        }
    }

    /// Appends `bytes` to the file at `path` (made if missing) with one write per chunk the
    /// kernel takes, then flushes it to disk when `durable`; returns the file's new size.
    @discardableResult
    public static func append(
        _ path: String, bytes: [UInt8], mode: mode_t = 0o600, durable: Bool
    ) throws(SystemCallError)
        -> Int
    {
        let fd = try systemCall("open(\(path))") { open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, mode) }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemCallError(call: "write(\(path))", errno: errno)
            }
            written += n
        }
        if durable { _ = try systemCall("fsync(\(path))") { fsync(fd) } }
        let end = lseek(fd, 0, SEEK_END)
        return end < 0 ? 0 : Int(end)
    }

    /// Removes `path`; false if it did not exist.
    @discardableResult
    public static func remove(_ path: String) throws(SystemCallError) -> Bool {
        if unlink(path) == 0 { return true }
        if errno == ENOENT { return false }
        throw SystemCallError(call: "unlink(\(path))", errno: errno)
    }

    /// `mkdir -p` with `mode` for the directories it creates.
    public static func makeDirectories(_ path: String, mode: mode_t = 0o755) throws(SystemCallError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, mode) != 0 && errno != EEXIST {
                throw SystemCallError(call: "mkdir(\(prefix))", errno: errno)
            }
        }
    }

    /// Names in `directory` (no "." or ".."), sorted; empty if it does not exist.
    public static func names(in directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { out.append(name) }
        }
        return out.sorted()
    }

    /// The first executable file called `name` in the directories of $PATH.
    public static func executableOnPath(_ name: String) -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = dir + "/" + name
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
