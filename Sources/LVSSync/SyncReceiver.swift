import LVSCore
import LVSVocabulary
import LVSWire

/// A backup's decisions about one received datagram, with no I/O: decode it with the kernel's
/// checks, keep it only for our syncid (any, when ours is 0) and not from ourselves, and turn
/// its entries into connection-table entries. Every refusal is counted by reason.
public struct SyncReceiver: Sendable {
    public var syncID: UInt8
    /// Addresses this director's own masters send from: a backup ignores its own messages
    /// (multicast loop is off, but a second socket on the same host would still see them).
    public var ownAddresses: Set<InetAddress>
    public private(set) var counters = SyncReceiveCounters()

    public init(syncID: UInt8, ownAddresses: Set<InetAddress> = []) {
        self.syncID = syncID
        self.ownAddresses = ownAddresses
    }

    /// The entries to apply from one datagram (empty when it is refused).
    public mutating func receive(_ payload: [UInt8], from source: InetAddress) -> [ConnectionEntry] {
        counters.messages += 1
        if ownAddresses.contains(source) {
            counters.ownMessages += 1
            return []
        }
        let message: SyncMessage
        switch SyncMessage.decode(payload) {
        case .success(let m): message = m
        case .failure(let reason):
            counters.countDrop(reason.label)
            return []
        }
        guard SyncMessage.accepts(syncID: message.syncID, backupSyncID: syncID) else {
            counters.countDrop(SyncDropReason.foreignSyncID.label)
            return []
        }
        for reason in message.skippedEntries { counters.countDrop(reason.label) }
        var entries: [ConnectionEntry] = []
        entries.reserveCapacity(message.connections.count)
        for connection in message.connections {
            guard let entry = SyncConnectionMapping.entry(from: connection) else {
                counters.unusableEntries += 1
                continue
            }
            entries.append(entry)
        }
        counters.entries += UInt64(entries.count)
        return entries
    }
}
