import LVSVocabulary

/// Where and how to send a packet the engine scheduled or found a connection for.
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
