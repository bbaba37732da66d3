import LVSVocabulary
import LVSWire

/// The Ethernet addresses a rewritten frame leaves with.
public struct L2Rewrite: Sendable, Equatable {
    /// The next hop (real server, router) MAC.
    public var destination: MACAddress
    /// The director's own MAC on the egress port.
    public var source: MACAddress

    public init(destination: MACAddress, source: MACAddress) {
        self.destination = destination
        self.source = source
    }

    func apply(_ frame: FrameBuffer) {
        let eth = EthernetHeader(frame)
        eth.destination = destination
        eth.source = source
    }
}
