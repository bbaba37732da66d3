#if canImport(Glibc)
import Glibc
#endif

/// What is at a path, without following a final symlink: enough to tell a stale socket (which
/// may be replaced) from anything else (which must never be deleted on the caller's behalf).
public enum PathKind: Hashable, Sendable, CustomStringConvertible {
    case missing
    case socket
    case directory
    case regularFile
    case symbolicLink
    case other

    /// `lstat(path)`; errors other than "not there" are thrown (e.g. a parent not searchable).
    public static func of(_ path: String) throws(SystemCallError) -> PathKind {
        var st = stat()
        if lstat(path, &st) != 0 {
            if errno == ENOENT { return .missing }
            throw SystemCallError(call: "lstat(\(path))", errno: errno)
        }
        switch st.st_mode & S_IFMT {
        case S_IFSOCK: return .socket
        case S_IFDIR: return .directory
        case S_IFREG: return .regularFile
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    public var description: String {
        switch self {
        case .missing: "nothing"
        case .socket: "a socket"
        case .directory: "a directory"
        case .regularFile: "a regular file"
        case .symbolicLink: "a symbolic link"
        case .other: "a special file"
        }
    }
}
