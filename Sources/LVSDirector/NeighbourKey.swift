import LVSCore
import LVSVocabulary
import LVSWire

public struct NeighbourKey: Hashable, Sendable {
    public var address: InetAddress
    public var interface: Int
    public init(address: InetAddress, interface: Int) {
        self.address = address
        self.interface = interface
    }
}
