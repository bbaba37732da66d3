#if canImport(Glibc)
import Glibc
#endif

/// The name `ip netns` knows the calling thread's network namespace by (what `ip netns
/// identify` prints): the entry of /run/netns that is the same namespace file. Nil in a
/// namespace without a name, e.g. the initial one or a container's.
public enum NetworkNamespaceName {
    public static let directory = "/run/netns"

    public static func current(directory: String = NetworkNamespaceName.directory) -> String? {
        guard let own = identity("/proc/thread-self/ns/net") else { return nil }
        for name in TextFile.names(in: directory).sorted() where !name.hasPrefix(".") {
            if identity(directory + "/" + name) == own { return name }
        }
        return nil
    }

    /// Device and inode: what makes two namespace files the same namespace.
    static func identity(_ path: String) -> [UInt64]? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return [UInt64(st.st_dev), UInt64(st.st_ino)]
    }
}
