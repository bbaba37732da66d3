import LVSVocabulary

/// A real server of one virtual server (keepalived's rs_iseq compares address and port only).
public struct RealServerKey: Hashable, Sendable {
    public var virtualServer: VirtualServerKey
    public var address: InetAddress
    public var port: UInt16

    public init(virtualServer: VirtualServerKey, address: InetAddress, port: UInt16) {
        self.virtualServer = virtualServer
        self.address = address
        self.port = port
    }
}
