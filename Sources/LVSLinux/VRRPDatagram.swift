import LVSVocabulary

/// One datagram read from a `VRRPSocket`, with what the IP layer said about it.
public struct VRRPDatagram: Sendable, Hashable {
    /// IPv4: the whole packet, IP header included (the kernel returns it on raw IPv4 sockets), so
    /// the receive checks read TTL and addresses from it. IPv6: the VRRP message only.
    public var bytes: [UInt8]
    public var includesIPHeader: Bool
    public var source: InetAddress
    /// IPv6: from IPV6_PKTINFO (nil when the kernel gave none). IPv4: read from the header.
    public var destination: InetAddress?
    /// IPv6: from IPV6_HOPLIMIT (nil when the kernel gave none). IPv4: read from the header.
    public var hopLimit: UInt8?

    public init(
        bytes: [UInt8], includesIPHeader: Bool, source: InetAddress, destination: InetAddress? = nil,
        hopLimit: UInt8? = nil
    ) {
        self.bytes = bytes
        self.includesIPHeader = includesIPHeader
        self.source = source
        self.destination = destination
        self.hopLimit = hopLimit
    }
}
