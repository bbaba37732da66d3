/// Who is at the other end of a control connection, as the kernel vouches for it: the
/// credentials of SO_PEERCRED (taken at connect time) and what the peer process's
/// /proc/PID/status said about its capabilities and groups.
public struct ControlPeer: Sendable, Hashable, CustomStringConvertible {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32
    /// Supplementary groups (the `Groups:` line); empty when unknown.
    public var groups: [UInt32]
    /// CAP_NET_ADMIN is in the effective set (`CapEff:`). Nil when the status could not be
    /// read (the process is gone, or /proc hides it): then only uid 0 counts as privileged.
    public var hasNetAdmin: Bool?

    public init(pid: Int32, uid: UInt32, gid: UInt32, groups: [UInt32] = [], hasNetAdmin: Bool?) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
        self.groups = groups
        self.hasNetAdmin = hasNetAdmin
    }

    /// A privileged peer in the same process (tests, the fuzz targets, an embedded tool).
    public static let root = ControlPeer(pid: 0, uid: 0, gid: 0, hasNetAdmin: true)

    public var description: String { "pid \(pid) uid \(uid) gid \(gid)" }
}
