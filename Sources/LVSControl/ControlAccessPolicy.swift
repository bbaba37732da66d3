/// Who may do what over the control socket. The kernel asks CAP_NET_ADMIN of ipvsadm for
/// every IPVS command, listings included; the director asks the same, and may in addition let
/// one group read (`lvs director --control-group`). Root whose capabilities were dropped is
/// refused, as the kernel refuses it; when the peer's capabilities cannot be read, uid 0 is
/// taken as privileged. A director run by an ordinary user (tests, a developer's machine)
/// also serves that user fully: such a peer could take over the director anyway.
public struct ControlAccessPolicy: Sendable, Hashable {
    /// A group whose members may list the table (snapshot, sync status) but not change it.
    public var readGroup: UInt32?
    /// The non-root user the director runs as, whose peers count as privileged; nil for root.
    public var owner: UInt32?

    public init(readGroup: UInt32? = nil, owner: UInt32? = nil) {
        self.readGroup = readGroup
        self.owner = owner == 0 ? nil : owner
    }

    /// What the kernel's EPERM reads as in ipvsadm (libipvs ipvs_strerror), which the CLI
    /// prints as real ipvsadm does when run without privilege.
    public static let refusal = "Permission denied (you must be root)"

    public func isPrivileged(_ peer: ControlPeer) -> Bool {
        if let owner, peer.uid == owner { return true }
        return peer.hasNetAdmin ?? (peer.uid == 0)
    }

    public func allows(_ request: ControlRequest, from peer: ControlPeer) -> Bool {
        if isPrivileged(peer) { return true }
        guard request.isReadOnly, let group = readGroup else { return false }
        return peer.gid == group || peer.groups.contains(group)
    }
}
