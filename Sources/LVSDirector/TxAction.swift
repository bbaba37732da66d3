import LVSCore
import LVSDataPlane
import LVSLinux
import LVSVocabulary
import LVSWire

/// What to do with a frame once processed.
public enum TxAction: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A client's packet to a real server, or a NAT reply to a client.
        case forward
        /// An ARP reply for a VIP.
        case arp
        /// An ICMP error the director built (port unreachable, fragmentation needed, TTL).
        case icmp
    }

    /// The output buffer holds a frame to send on this interface slot.
    case transmit(interface: Int, kind: Kind)
    /// Not the director's to forward; the kernel has its own copy.
    case pass(DirectorPass)
    /// Addressed to another host's MAC (or multicast): seen, not ours.
    case notForUs
    case drop(DirectorDrop)
    /// The next hop's MAC is unknown: `output` holds the frame, rewritten but for its
    /// destination MAC, to be sent on `key.interface` once the neighbour is resolved (the
    /// worker holds it briefly, as the kernel queues packets awaiting ARP). Resolution of
    /// `key` has been asked for.
    case unresolved(NeighbourKey)
    /// A packet that could be a NAT reply, but this worker's engine has no connection for it
    /// (another worker may have it: connection tables are per worker).
    case replyWithoutConnection
}
