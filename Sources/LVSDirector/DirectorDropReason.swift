import LVSCore
import LVSWire

/// Why the director did not forward a frame that was its business, beyond what the parser and
/// the rewriters name (`DropReason`). The labels are metric labels, as for `DropReason`.
public enum DirectorDropReason: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    /// The next hop's MAC address is not known yet; resolution was asked for.
    case neighbourUnresolved
    /// No route (among the director's interfaces) to the real server or client.
    case noRoute
    /// The engine: the connection's real server was deleted (expire_nodest_conn=0).
    case destinationUnavailable
    /// The engine: nonsense such as mixed address families.
    case engineMalformed
    /// The tx ring had no free slot, even after a flush.
    case transmitRingFull
    /// The frame does not fit a tx slot (a GSO super-frame from a local sender, or jumbo).
    case frameTooLarge
    /// The capture was cut short (the frame is larger than an rx block).
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
        case .destinationUnavailable: "destination_unavailable"
        case .engineMalformed: "engine_malformed"
        case .transmitRingFull: "transmit_ring_full"
        case .frameTooLarge: "frame_too_large"
        case .truncatedCapture: "truncated_capture"
        case .localForwarding: "local_forwarding"
        case .deferralBacklog: "deferral_backlog"
        case .receiveRingFull: "receive_ring_full"
        }
    }

    public var description: String { label }

    init(_ engine: EngineDropReason) {
        switch engine {
        case .destinationUnavailable: self = .destinationUnavailable
        case .malformed: self = .engineMalformed
        }
    }
}

/// Any drop the data plane counts: a wire/rewrite reason or a director reason. `index` places
/// both in one flat counter array (wire reasons first).
public enum DirectorDrop: Hashable, Sendable, CustomStringConvertible {
    case wire(DropReason)
    case director(DirectorDropReason)

    public static let count = DropReason.allCases.count + DirectorDropReason.allCases.count

    @inline(__always)
    public var index: Int {
        switch self {
        case .wire(let r): Int(r.rawValue)
        case .director(let r): DropReason.allCases.count + Int(r.rawValue)
        }
    }

    /// The reason at a counter index (nil outside the array).
    public init?(index: Int) {
        let wire = DropReason.allCases.count
        if index >= 0 && index < wire, let r = DropReason(rawValue: UInt8(index)) {
            self = .wire(r)
        } else if index >= wire, let r = DirectorDropReason(rawValue: UInt8(clamping: index - wire)) {
            self = .director(r)
        } else {
            return nil
        }
    }

    public var label: String {
        switch self {
        case .wire(let r): r.label
        case .director(let r): r.label
        }
    }

    public var description: String { label }
}
