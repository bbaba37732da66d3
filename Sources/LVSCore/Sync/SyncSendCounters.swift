/// What a master sync daemon sent, and what it could not.
public struct SyncSendCounters: Hashable, Sendable, Codable {
    /// Messages sent to the group.
    public var messages: UInt64 = 0
    /// Entries in them.
    public var entries: UInt64 = 0
    /// Messages the socket refused (the kernel counts these as lost too).
    public var sendErrors: UInt64 = 0
    /// Entries the workers' outboxes dropped because they were full (sync_qlen_max).
    public var outboxDrops: UInt64 = 0

    public init() {}
}
