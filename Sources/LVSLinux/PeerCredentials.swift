import CLVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// The credentials of the process at the other end of a Unix socket, as the kernel recorded
/// them at connect time (SO_PEERCRED): the peer cannot forge them.
public struct PeerCredentials: Sendable, Hashable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32

    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    /// The option as the kernel fills it, for readers that do the getsockopt themselves
    /// (swift-nio's `unsafeGetSocketOption`).
    public typealias Raw = clvs_ucred
    public static let optionLevel = SOL_SOCKET
    public static let optionName = SO_PEERCRED

    public init(_ raw: Raw) {
        self.init(pid: raw.pid, uid: raw.uid, gid: raw.gid)
    }

    /// getsockopt(SO_PEERCRED) on a connected Unix socket.
    public static func of(descriptor: Int32) throws(SystemCallError) -> PeerCredentials {
        var raw = clvs_ucred()
        var length = socklen_t(MemoryLayout<clvs_ucred>.size)
        _ = try systemCall("getsockopt(SO_PEERCRED)") {
            getsockopt(descriptor, optionLevel, optionName, &raw, &length)
        }
        return PeerCredentials(raw)
    }
}
