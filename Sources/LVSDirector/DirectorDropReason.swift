import LVSVocabulary

/// Why the director did not forward a frame that was its business, beyond what the parser and
/// rewriters (`DropReason`) and the engine (`EngineDropReason`) name. `DirectorDrop` wraps all three.
public enum DirectorDropReason: UInt8, FrameReason {
    /// The next hop's MAC address is not known yet; resolution was asked for.
    case neighbourUnresolved
    /// No route (among the director's interfaces) to the real server or client.
    case noRoute
    /// The tx ring had no free slot, even after a flush.
    case transmitRingFull
    /// The frame does not fit a tx slot (a GSO super-frame from a local sender, or jumbo).
    case frameTooLarge
    /// The capture was cut short (the frame is larger than an rx slot).
    case truncatedCapture
    /// Local (`ipvsadm` forwarding "Local") real servers are not served by the data plane.
    case localForwarding
    /// A NAT reply waiting for another worker's connection table found no room in the
    /// deferral buffer.
    case deferralBacklog
    /// The kernel found the rx ring full and dropped the frame before the worker saw it
    /// (PACKET_STATISTICS tp_drops): the worker did not keep up.
    case receiveRingFull

    public var label: String {
        switch self {
        case .neighbourUnresolved: "neighbour_unresolved"
        case .noRoute: "no_route"
        case .transmitRingFull: "transmit_ring_full"
        case .frameTooLarge: "frame_too_large"
        case .truncatedCapture: "truncated_capture"
        case .localForwarding: "local_forwarding"
        case .deferralBacklog: "deferral_backlog"
        case .receiveRingFull: "receive_ring_full"
        }
    }
}
