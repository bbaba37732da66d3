import LVSCore
import LVSVocabulary
import LVSWire

/// One interface the director forwards on, as the data plane needs it. `slot` numbers are
/// positions in `NetworkView.interfaces` (and in each worker's ring array).
public struct DirectorInterface: Sendable, Equatable {
    public var name: String
    public var index: Int32
    public var mac: MACAddress
    public var mtu: Int
    /// The interface's own addresses (IPv4 first); the first IPv4 one is the tunnel source.
    public var addresses: [InetAddress]

    public init(name: String, index: Int32, mac: MACAddress, mtu: Int, addresses: [InetAddress]) {
        self.name = name
        self.index = index
        self.mac = mac
        self.mtu = mtu
        self.addresses = addresses
    }

    public var ipv4: InetAddress? { addresses.first { $0.isV4 } }

    /// A tunnel's outer source toward `destination`: this interface's address of its family
    /// (IPv6: a global one, not link-local).
    @inline(__always)
    func tunnelSource(toward destination: InetAddress) -> InetAddress? {
        destination.isV4 ? ipv4 : addresses.first { !$0.isV4 && $0.high >> 54 != 0x3FA }
    }
}
