import LVSVocabulary

/// One row of `ipvsadm -L -c` (what /proc/net/ip_vs_conn shows).
public struct ConnectionSnapshot: Hashable, Sendable, Codable {
    /// nil for a fwmark persistence template (printed as protocol "IP").
    public var proto: TransportProtocol?
    public var clientAddress: InetAddress
    public var clientPort: UInt16
    public var virtualAddress: InetAddress
    public var virtualPort: UInt16
    public var destinationAddress: InetAddress
    public var destinationPort: UInt16
    /// State name as the kernel prints it ("ESTABLISHED", "NONE", "UDP", "ASSURED", ...).
    public var stateName: String
    /// Time left before expiry, in milliseconds.
    public var expiresInMilliseconds: Int64
    public var isTemplate: Bool
    public var fwmark: UInt32
    public init(
        proto: TransportProtocol?, clientAddress: InetAddress, clientPort: UInt16,
        virtualAddress: InetAddress, virtualPort: UInt16, destinationAddress: InetAddress,
        destinationPort: UInt16, stateName: String, expiresInMilliseconds: Int64,
        isTemplate: Bool = false, fwmark: UInt32 = 0
    ) {
        self.proto = proto
        self.clientAddress = clientAddress
        self.clientPort = clientPort
        self.virtualAddress = virtualAddress
        self.virtualPort = virtualPort
        self.destinationAddress = destinationAddress
        self.destinationPort = destinationPort
        self.stateName = stateName
        self.expiresInMilliseconds = expiresInMilliseconds
        self.isTemplate = isTemplate
        self.fwmark = fwmark
    }
}
