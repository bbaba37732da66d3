import LVSVocabulary

/// What to do with a packet, decided by `IPVSEngine.process`. The data plane does the I/O.
public enum EngineVerdict: Hashable, Sendable {
    /// Send to a real server by the connection's forwarding method.
    case forward(ForwardAction)
    /// A NAT reply: rewrite the source back to the virtual address and port, then route it.
    case natReply(NATReplyAction)
    /// cache_bypass: no real server; forward to the packet's own destination.
    case bypass
    /// Not IPVS's packet: let it continue as if IPVS were not there.
    case pass(PassReason)
    /// Drop silently.
    case drop(EngineDropReason)
    /// Drop and answer ICMP (v6) port unreachable: the service has no usable real server.
    case reject
}

public struct ForwardAction: Hashable, Sendable {
    public var method: ForwardMethod
    public var address: InetAddress
    public var port: UInt16
    public var tunnelType: TunnelType
    public var tunnelPort: UInt16
    public var tunnelFlags: TunnelFlags
    /// The connection the packet belongs to (nil for one-packet scheduling).
    public var connection: Int32?
}

public struct NATReplyAction: Hashable, Sendable {
    public var virtualAddress: InetAddress
    public var virtualPort: UInt16
    public var connection: Int32
}

/// Why a packet is not IPVS's business. The names are metric labels.
public enum PassReason: String, Hashable, Sendable, CaseIterable {
    /// Not TCP, UDP or SCTP.
    case unsupportedProtocol = "unsupported_protocol"
    /// No connection and no virtual service for its destination.
    case noService = "no_service"
    /// TCP without SYN (or with RST) and no connection: IPVS creates connections only on SYN.
    case notConnectionStart = "not_connection_start"
    /// Active FTP data from port 20 is never scheduled.
    case ftpData = "ftp_data"
    /// Other ports on an FTP virtual address that no service claims.
    case ftpOtherPort = "ftp_other_port"
    /// A reply that belongs to no NAT connection (DR/TUN replies never come back this way).
    case noConnection = "no_connection"
}

/// Why a packet was dropped. The names are metric labels.
public enum EngineDropReason: String, Hashable, Sendable, CaseIterable {
    /// Its connection's real server was deleted (expire_nodest_conn=0 keeps the connection).
    case destinationUnavailable = "destination_unavailable"
    /// Source and destination of different address families, or similar nonsense.
    case malformed = "malformed"
}
