import LVSVocabulary

/// A connection-sync message of IPVS sync protocol version 1 (kernel `ip_vs_sync_mesg`): what a
/// master multicasts to 224.0.0.81:8848 and a backup applies to its connection table. Version 0
/// messages (`SyncMessageVersion0`) decode into the same type.
///
/// Header, 8 bytes: reserved (0: a version 0 receiver reads it as "no connections" and drops
/// the message), syncid, size be16 (the whole message), nr_conns, version (1), spare be16 (0).
/// Then nr_conns entries (`SyncConnection`), each starting on a 32-bit boundary; the padding
/// goes between entries only, so the message ends with the last entry's last byte.
public struct SyncMessage: Hashable, Sendable {
    public static let port: UInt16 = 8848
    public static let multicastGroup = InetAddress(v4: 0xE000_0051)
    public static let headerLength = 8
    public static let version: UInt8 = 1
    /// The version 0 header is 4 bytes; shorter is no message at all.
    static let minimumLength = 4
    /// nr_conns is one byte.
    public static let maximumConnections = 255

    public var syncID: UInt8
    /// 1, or 0 for the original format (IPv4 only, no timeouts, fwmarks or options but the
    /// sequence data); `encoded()` writes the message in this version.
    public var protocolVersion: UInt8
    /// The entries that decoded and passed the kernel's checks, in message order.
    public var connections: [SyncConnection]
    /// Why the other entries were skipped (entry-level reasons only), in message order.
    public var skippedEntries: [SyncDropReason]

    public init(
        syncID: UInt8, connections: [SyncConnection], skippedEntries: [SyncDropReason] = [],
        protocolVersion: UInt8 = SyncMessage.version
    ) {
        self.syncID = syncID
        self.protocolVersion = protocolVersion
        self.connections = connections
        self.skippedEntries = skippedEntries
    }

    /// Whether a backup configured with `backupSyncID` takes a message with `syncID`: a
    /// policy of the receiver, not a property of the bytes, so `decode` does not check it.
    /// A backup with syncid 0 takes every message, as the kernel's does.
    public static func accepts(syncID: UInt8, backupSyncID: UInt8) -> Bool {
        backupSyncID == 0 || syncID == backupSyncID
    }

    /// Decodes a received UDP payload with the kernel backup's checks, in its order.
    public static func decode(_ payload: [UInt8]) -> Result<SyncMessage, SyncDropReason> {
        let bytes = SyncBytes(bytes: payload)
        guard bytes.count >= minimumLength else { return .failure(.truncatedHeader) }
        guard Int(bytes.u16(2)) == bytes.count else { return .failure(.sizeMismatch) }
        // The kernel takes a message as version 1 only when reserved, version and spare all
        // say so; anything else goes to its version 0 decoder, whose first byte is nr_conns.
        // With that byte 0 the version 0 decoder has nothing to do: such a message is refused.
        guard bytes.u8(0) == 0 else { return SyncMessageVersion0.decode(bytes) }
        guard bytes.count >= headerLength else { return .failure(.truncatedHeader) }
        guard bytes.u8(5) == version, bytes.u16(6) == 0 else { return .failure(.badMessageVersion) }

        var message = SyncMessage(syncID: bytes.u8(1), connections: [])
        var offset = headerLength
        for _ in 0..<Int(bytes.u8(4)) {
            guard bytes.contains(offset, SyncConnection.fixedLengthIPv4) else { return .failure(.truncatedEntry) }
            let versionAndSize = bytes.u16(offset + 2)
            let size = Int(versionAndSize & 0x0fff)
            guard bytes.contains(offset, size) else { return .failure(.entryBeyondMessage) }
            guard versionAndSize >> 12 == 0 else { return .failure(.badEntryVersion) }
            switch SyncConnection.decode(bytes, at: offset, end: offset + size) {
            case .success(let connection):
                message.connections.append(connection)
            case .failure(let reason):
                guard reason.isEntryLevel else { return .failure(reason) }
                message.skippedEntries.append(reason)
            }
            offset += (size + 3) & ~3
        }
        // Bytes after the last counted entry are ignored, as by the kernel.
        return .success(message)
    }

    /// The message as a master sends it; nil when it cannot be sent: more than 255
    /// connections, an entry that cannot be encoded, more than 65535 bytes, or an unknown
    /// version (for version 0, see `SyncMessageVersion0.encode`).
    /// `skippedEntries` are not sent.
    public func encoded() -> [UInt8]? {
        guard protocolVersion == Self.version else {
            return protocolVersion == 0 ? SyncMessageVersion0.encode(self) : nil
        }
        guard connections.count <= Self.maximumConnections else { return nil }
        var bytes: [UInt8] = [0, syncID, 0, 0, UInt8(connections.count), Self.version, 0, 0]
        for connection in connections {
            guard let entry = connection.encoded() else { return nil }
            // Padding before an entry, never after the last one.
            while bytes.count % 4 != 0 { bytes.append(0) }
            bytes += entry
        }
        guard bytes.count <= Int(UInt16.max) else { return nil }
        SyncBytes.set16(UInt16(bytes.count), at: 2, in: &bytes)
        return bytes
    }
}
