import LVSVocabulary
import LVSXDP

/// A connection whose packet the frame processor just forwarded and that XDP could forward from
/// now on: the packet's own tuple and what the Swift path did with it. The worker writes it into
/// the XDP map after its receive batch (a system call, never on the per-packet path).
struct OffloadCandidate: Sendable {
    var connection: Int32
    /// A NAT reply's direction (real server -> client), else the client's.
    var reply = false
    var key: XDPFlowKey
    /// Its counter slot is the worker's to choose.
    var entry: XDPFlowEntry
    /// The address whose next hop `entry` sends to (the real server, the tunnel's end, a NAT
    /// reply's client): looked up again when the director's view of the network changes.
    var hop: InetAddress
    /// The connection left ESTABLISHED (a FIN or RST the program passed): delete its entries now,
    /// not at the next sweep, so the packets after the FIN reach the engine's state machine.
    var withdraw = false
}
