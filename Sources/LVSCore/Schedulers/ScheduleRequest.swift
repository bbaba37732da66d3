import LVSVocabulary

/// What a scheduler sees of the packet that opens a connection.
public struct ScheduleRequest: Hashable, Sendable {
    public var proto: TransportProtocol
    public var clientAddress: InetAddress
    public var clientPort: UInt16
    /// The packet's destination (the VIP; for fwmark services whatever address it carried).
    public var virtualAddress: InetAddress
    public var virtualPort: UInt16
    public init(
        proto: TransportProtocol, clientAddress: InetAddress, clientPort: UInt16,
        virtualAddress: InetAddress, virtualPort: UInt16
    ) {
        self.proto = proto
        self.clientAddress = clientAddress
        self.clientPort = clientPort
        self.virtualAddress = virtualAddress
        self.virtualPort = virtualPort
    }
}
