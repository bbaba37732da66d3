#if canImport(Glibc)
import Glibc
#endif

/// User and group names to ids through the C library (files, LDAP, whatever nsswitch says),
/// for running scripts as keepalived's `user USERNAME [GROUPNAME]`.
public enum AccountLookup {
    public struct User: Sendable, Equatable {
        public let uid: UInt32
        /// The user's primary group.
        public let gid: UInt32
    }

    public static func user(named name: String) -> User? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16384)
        let status = getpwnam_r(name, &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil else { return nil }
        return User(uid: entry.pw_uid, gid: entry.pw_gid)
    }

    public static func group(named name: String) -> UInt32? {
        var entry = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 16384)
        let status = getgrnam_r(name, &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil else { return nil }
        return entry.gr_gid
    }
}
