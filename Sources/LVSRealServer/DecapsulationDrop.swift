import LVSCore
import LVSDataPlane
import LVSVocabulary
import LVSWire

/// Why a datagram was not handed to the local stack. `label` is the counter name.
public enum DecapsulationDrop: Sendable, Hashable, CustomStringConvertible {
    /// The outer packet or tunnel header is malformed, or not a tunnel we expect.
    case tunnel(DropReason)
    /// The inner packet is not addressed to one of our VIPs (the decapsulator is no relay).
    case innerDestinationNotVirtual
    /// Too big to describe with a rebuilt outer header (cannot happen with a real UDP datagram).
    case oversized

    public var label: String {
        switch self {
        case .tunnel(let reason): reason.label
        case .innerDestinationNotVirtual: "inner_destination_not_vip"
        case .oversized: "oversized"
        }
    }

    public var description: String { label }
}
