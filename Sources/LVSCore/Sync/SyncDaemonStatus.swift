/// The sync daemons' state and counters, as `lvs director` reports them on request.
public struct SyncDaemonStatus: Hashable, Sendable, Codable {
    /// The daemons running (the table's `syncDaemons` once their sockets are up).
    public var running: [SyncDaemonConfig]
    public var sent: SyncSendCounters
    public var received: SyncReceiveCounters

    public init(
        running: [SyncDaemonConfig] = [], sent: SyncSendCounters = SyncSendCounters(),
        received: SyncReceiveCounters = SyncReceiveCounters()
    ) {
        self.running = running
        self.sent = sent
        self.received = received
    }
}
