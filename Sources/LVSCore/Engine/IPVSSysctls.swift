/// The net.ipv4.vs.* settings that change how packets are handled (defaults as the kernel).
public struct IPVSSysctls: Hashable, Sendable, Codable {
    /// Expire a connection whose real server is gone (or weight 0 on a new SYN) and schedule
    /// the packet anew, instead of dropping packets until it times out.
    public var expireNodestConn = false
    /// Invalidate persistence templates whose real server has weight 0.
    public var expireQuiescentTemplate = false
    /// Bit 1: reschedule a SYN that hits a TIME_WAIT/CLOSE connection; bit 2: also FIN_WAIT
    /// of DR/TUN connections.
    public var connReuseMode: Int = 1
    /// Create TCP connections from any segment, not only SYN.
    public var sloppyTCP = false
    /// 0 off, 1-2 on under memory pressure, 3 always: use the stricter state tables.
    public var secureTCP: Int = 0
    /// Fwmark services with no real server forward to the original destination.
    public var cacheBypass = false
    public init() {}
}
