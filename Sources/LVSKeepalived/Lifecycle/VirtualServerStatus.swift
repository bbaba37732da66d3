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

    public init(
        key: VirtualServerKey, name: String, quorumUp: Bool, liveWeight: Int64, quorum: UInt32, hysteresis: UInt32,
        sorryServerInUse: Bool, realServers: [RealServerStatus]
    ) {
        self.key = key
        self.name = name
        self.quorumUp = quorumUp
        self.liveWeight = liveWeight
        self.quorum = quorum
        self.hysteresis = hysteresis
        self.sorryServerInUse = sorryServerInUse
        self.realServers = realServers
    }
}
