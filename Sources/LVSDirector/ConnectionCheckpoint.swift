import LVSCore
import LVSSync
import LVSWire

/// The connection table in a file, as connection-sync version 1 messages (what a sync master
/// would multicast): a restarted director reads it back and applies each entry as a sync backup
/// does (`IPVSEngine.applySynced`: state, the state's timeout from now, bound to the real server
/// of the restored table, templates too). One format and one apply path for both ways a
/// connection outlives its director.
///
/// Layout: the line `magic`, then messages back to back, each whole (its header's size field
/// says where the next begins), syncid 0, up to 255 entries each.
public enum ConnectionCheckpoint {
    public static let magic = Array("LVS connection checkpoint, sync v1 messages\n".utf8)
    /// Well under the 65535-byte limit of a message's size field.
    static let messageLength = 60_000

    /// The file's bytes for `entries`. What a sync master would not send (one-packet
    /// connections) is left out.
    public static func encode(_ entries: [ConnectionEntry]) -> [UInt8] {
        var out = magic
        appendMessages(entries, to: &out)
        return out
    }

    /// Appends the messages for `entries` to a file begun with `magic` (a large table is
    /// encoded chunk by chunk, never held as entries all at once).
    public static func appendMessages(_ entries: [ConnectionEntry], to out: inout [UInt8]) {
        let connections = entries.compactMap(SyncConnectionMapping.syncConnection(from:))
        for message in SyncMessagePacker.pack(connections, syncID: 0, maxLength: messageLength) { out += message }
    }

    /// What a file holds: the entries to apply, and how many entries the core cannot carry
    /// (skipped, as a backup skips them). A file that is not a whole checkpoint is refused.
    public static func decode(
        _ bytes: [UInt8]
    ) -> Result<(entries: [ConnectionEntry], skipped: Int), ConnectionCheckpointError> {
        guard bytes.starts(with: magic) else { return .failure(.notACheckpoint) }
        var entries: [ConnectionEntry] = []
        var skipped = 0
        var offset = magic.count
        while offset < bytes.count {
            guard bytes.count - offset >= SyncMessage.headerLength else {
                return .failure(.truncated(offset: offset))
            }
            let size = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard size >= SyncMessage.headerLength, bytes.count - offset >= size else {
                return .failure(.truncated(offset: offset))
            }
            switch SyncMessage.decode(Array(bytes[offset..<offset + size])) {
            case .failure(let reason):
                return .failure(.badMessage(offset: offset, reason: reason.label))
            case .success(let message):
                skipped += message.skippedEntries.count
                for connection in message.connections {
                    if let entry = SyncConnectionMapping.entry(from: connection) {
                        entries.append(entry)
                    } else {
                        skipped += 1
                    }
                }
            }
            offset += size
        }
        return .success((entries, skipped))
    }
}
