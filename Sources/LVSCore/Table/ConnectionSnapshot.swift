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

extension ConnectionSnapshot {
    /// One row as a flat array (addresses as text): a listing of a million rows is streamed
    /// through the control socket as JSON, and keyed objects of address parts would make it
    /// five times the bytes and the work.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(proto?.rawValue ?? 0)
        try c.encode(clientAddress.description)
        try c.encode(clientPort)
        try c.encode(virtualAddress.description)
        try c.encode(virtualPort)
        try c.encode(destinationAddress.description)
        try c.encode(destinationPort)
        try c.encode(stateName)
        try c.encode(expiresInMilliseconds)
        try c.encode(isTemplate)
        try c.encode(fwmark)
    }

    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        func address() throws -> InetAddress {
            let text = try c.decode(String.self)
            guard let a = InetAddress(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an address: \(text)")
            }
            return a
        }
        let protocolNumber = try c.decode(UInt8.self)
        proto = protocolNumber == 0 ? nil : TransportProtocol(rawValue: protocolNumber)
        clientAddress = try address()
        clientPort = try c.decode(UInt16.self)
        virtualAddress = try address()
        virtualPort = try c.decode(UInt16.self)
        destinationAddress = try address()
        destinationPort = try c.decode(UInt16.self)
        stateName = try c.decode(String.self)
        expiresInMilliseconds = try c.decode(Int64.self)
        isTemplate = try c.decode(Bool.self)
        fwmark = try c.decode(UInt32.self)
    }
}
