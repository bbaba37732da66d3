import LVSWire

/// Packs the entries a master queued into as few messages as fit: each at most `maxLength`
/// bytes (the daemon's maxlen, at most the interface MTU less the IP and UDP headers) and 255
/// entries, in queue order, as the kernel fills its sync buffers.
public enum SyncMessagePacker {
    /// The smallest maxlen worth using: a header and one IPv6 entry (the kernel refuses
    /// smaller ones too).
    public static let minimumLength = SyncMessage.headerLength + SyncConnection.fixedLengthIPv6

    /// The messages to send. Entries that cannot be encoded (and IPv6 ones in version 0) are
    /// left out.
    public static func pack(
        _ connections: [SyncConnection], syncID: UInt8, maxLength: Int, protocolVersion: UInt8 = SyncMessage.version
    ) -> [[UInt8]] {
        let limit = max(maxLength, minimumLength)
        var messages: [[UInt8]] = []
        var chunk: [SyncConnection] = []
        let header = protocolVersion == 0 ? 4 : SyncMessage.headerLength
        var size = header
        func flush() {
            guard !chunk.isEmpty else { return }
            let message = SyncMessage(syncID: syncID, connections: chunk, protocolVersion: protocolVersion)
            if let bytes = message.encoded() { messages.append(bytes) }
            chunk.removeAll(keepingCapacity: true)
            size = header
        }
        for connection in connections {
            guard let length = entryLength(connection, protocolVersion: protocolVersion) else { continue }
            // Version 1 pads before every entry but the first to a 32-bit boundary.
            let padding = protocolVersion == 0 || chunk.isEmpty ? 0 : (4 - size % 4) % 4
            if size + padding + length > limit || chunk.count == SyncMessage.maximumConnections {
                flush()
                chunk.append(connection)
                size = header + length
            } else {
                chunk.append(connection)
                size += padding + length
            }
        }
        flush()
        return messages
    }

    /// The entry's bytes on the wire; nil when it cannot be sent in that version.
    static func entryLength(_ connection: SyncConnection, protocolVersion: UInt8) -> Int? {
        guard protocolVersion == 0 else { return connection.encoded()?.count }
        guard !connection.isIPv6 else { return nil }
        let sequenceFlags: SyncConnectionFlags = [.inSequence, .outSequence]
        return connection.flags.isDisjoint(with: sequenceFlags) ? 24 : 48
    }
}
