import LVSVocabulary

/// A next hop whose MAC address the director knows (from ARP/ND), on one of its interfaces.
public struct ResolvedNeighbour: Sendable, Equatable {
    public var address: InetAddress
    public var mac: String
    public var interface: String

    public init(address: InetAddress, mac: String, interface: String) {
        self.address = address
        self.mac = mac
        self.interface = interface
    }
}
