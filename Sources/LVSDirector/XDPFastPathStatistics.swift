/// What the workers did with the XDP fast path, summed over workers (read once a second by
/// each worker from the per-CPU counters, so up to a second behind).
public struct XDPFastPathStatistics: Sendable, Equatable {
    /// Map entries written (one per direction of an offloaded connection).
    public var flowsWritten: UInt64 = 0
    /// Map entries deleted (connection expired, removed, or left ESTABLISHED).
    public var flowsRemoved: UInt64 = 0
    /// Map updates the kernel refused (e.g. the map is full): those connections stay on the
    /// Swift path.
    public var writeFailures: UInt64 = 0
    /// Entries deleted because the network view changed their hop (a neighbour's MAC, a
    /// route, an interface): the connection's next packet offered it again with the new hop.
    public var hopsMoved: UInt64 = 0
    /// Packets and IP bytes the XDP program forwarded (and the engine then counted).
    public var packets: UInt64 = 0
    public var bytes: UInt64 = 0
    /// `flowsWritten` and `packets` by worker (index = worker number; a worker that never
    /// wrote a flow may be missing at the end).
    public var flowsWrittenByWorker: [UInt64] = []
    public var packetsByWorker: [UInt64] = []

    public init() {}

    /// Entries in the map now.
    public var activeFlows: UInt64 { flowsWritten &- flowsRemoved }
}
