/// What a backup sync daemon did with what it received: the numbers an operator checks when
/// "connections are not synced" (messages dropped by reason, entries skipped, entries
/// applied).
public struct SyncReceiveCounters: Hashable, Sendable, Codable {
    /// Datagrams read from the sync sockets.
    public var messages: UInt64 = 0
    /// Messages from this director's own master (same source address), not applied.
    public var ownMessages: UInt64 = 0
    /// Entries handed to the connection tables.
    public var entries: UInt64 = 0
    /// Entries a table could not carry (protocol, method or family the core lacks).
    public var unusableEntries: UInt64 = 0
    /// Whole messages dropped, and single entries skipped, by reason (the wire's `SyncDropReason.label`).
    public var drops: [String: UInt64] = [:]

    public init() {}

    /// Counts one drop under its metric label.
    public mutating func countDrop(_ label: String) { drops[label, default: 0] += 1 }

    /// Every drop and skip, whatever the reason.
    public var dropTotal: UInt64 { drops.values.reduce(0, +) }
}
