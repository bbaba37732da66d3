import LVSCore

/// One data-plane worker's counters at one moment, as the metrics and the status page show them.
public struct WorkerObservation: Sendable, Equatable {
    /// Frames read from the worker's rx rings.
    public var receivedFrames: UInt64
    /// Frames queued on its tx rings.
    public var transmittedFrames: UInt64
    /// The packets and bytes its engine counted (in: client to server, out: replies).
    public var traffic: TrafficCounters
    /// Entries (connections and persistence templates) in its connection table.
    public var connections: Int
    /// Its share of --max-connections (`Int.max`: none).
    public var connectionLimit: Int
    /// Dropped frames by reason label (non-zero only).
    public var drops: [String: UInt64]
    /// Frames passed to the kernel by reason label (non-zero only).
    public var passes: [String: UInt64]

    public init(
        receivedFrames: UInt64 = 0, transmittedFrames: UInt64 = 0, traffic: TrafficCounters = TrafficCounters(),
        connections: Int = 0, connectionLimit: Int = Int.max, drops: [String: UInt64] = [:],
        passes: [String: UInt64] = [:]
    ) {
        self.receivedFrames = receivedFrames
        self.transmittedFrames = transmittedFrames
        self.traffic = traffic
        self.connections = connections
        self.connectionLimit = connectionLimit
        self.drops = drops
        self.passes = passes
    }
}
