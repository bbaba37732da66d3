import LVSCore
import LVSVocabulary
import LVSWire

/// Where a packet for some address leaves: interface slot, the host whose MAC it needs (the
/// address itself, or the route's gateway), and that MAC when known.
public struct NextHop: Sendable, Equatable {
    public var interface: Int
    public var address: InetAddress
    public var mac: MACAddress?
}
