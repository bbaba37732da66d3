/// One virtual server in `KeepalivedStatus`.
public struct VirtualServerStatus: Hashable, Sendable {
    public var key: VirtualServerKey
    /// As keepalived names it in its log.
    public var name: String
    public var quorumUp: Bool
    public var liveWeight: Int64
    public var quorum: UInt32
    public var hysteresis: UInt32
    public var sorryServerInUse: Bool
    public var realServers: [RealServerStatus]
}
