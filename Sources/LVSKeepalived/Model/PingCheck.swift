/// `PING_CHECK { }`: an ICMP echo to the real server; only the common settings.
public struct PingCheck: Hashable, Sendable {
    public init() {}
}
