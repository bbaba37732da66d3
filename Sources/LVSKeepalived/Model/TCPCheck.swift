/// `TCP_CHECK { }`: a TCP connect to the real server; only the common settings.
public struct TCPCheck: Hashable, Sendable {
    public init() {}
}
