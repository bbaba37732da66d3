import LVSCore
import LVSDataPlane
import LVSLinux
import LVSVocabulary
import LVSWire

/// What the ring told us about a received frame besides its bytes.
public struct Ingress: Sendable, Equatable {
    /// Interface slot the frame arrived on.
    public var interface: Int
    public var packetType: PacketType
    /// TP_STATUS_CSUMNOTREADY: a local sender left the transport checksum to be completed.
    public var checksumPartial: Bool
    /// The NIC stripped an 802.1Q tag (TP_STATUS_VLAN_VALID).
    public var vlanStripped: Bool
    /// The frame's length on the wire (more than the captured bytes when truncated).
    public var wireLength: Int
    /// How many workers handed this frame on (a NAT reply that reached a worker without its
    /// connection); 0 as received.
    public var handOvers: Int = 0

    public init(
        interface: Int, packetType: PacketType = .host, checksumPartial: Bool = false,
        vlanStripped: Bool = false, wireLength: Int? = nil
    ) {
        self.interface = interface
        self.packetType = packetType
        self.checksumPartial = checksumPartial
        self.vlanStripped = vlanStripped
        self.wireLength = wireLength ?? -1
    }
}
