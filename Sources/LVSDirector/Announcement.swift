import LVSCore
import LVSVocabulary
import LVSWire

/// A gratuitous ARP a worker should send for the control plane.
public struct Announcement: Sendable, Equatable {
    public var interface: Int
    public var address: InetAddress
    public init(interface: Int, address: InetAddress) {
        self.interface = interface
        self.address = address
    }
}
