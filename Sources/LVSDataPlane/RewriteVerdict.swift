import LVSWire
import LVSVocabulary

/// What to do with a frame after a rewrite.
public enum RewriteVerdict: Sendable, Equatable {
    /// Transmit the rewritten frame toward its new next hop.
    case forward
    /// The frame now holds an answer for its sender (ARP reply, ICMP error): transmit it back
    /// out the port it came in on.
    case reply
    /// Do not transmit; count under the reason's label.
    case drop(DropReason)
}

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
