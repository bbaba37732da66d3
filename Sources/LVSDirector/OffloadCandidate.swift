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
    /// The connection left ESTABLISHED (a FIN or RST the program passed): delete its entries now,
    /// not at the next sweep, so the packets after the FIN reach the engine's state machine.
    var withdraw = false
}
