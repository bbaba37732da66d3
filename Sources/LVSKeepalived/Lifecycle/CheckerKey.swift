/// One checker of a real server: its position among the real server's checkers in the configuration.
public struct CheckerKey: Hashable, Sendable {
    public var realServer: RealServerKey
    public var index: Int

    public init(realServer: RealServerKey, index: Int) {
        self.realServer = realServer
        self.index = index
    }
}
