import LVSVocabulary

/// The original sync format (version 0, before Linux 2.6.39; still sent with
/// `net.ipv4.vs.sync_version=0`, and still accepted by the kernel's backup).
///
/// Header, 4 bytes: nr_conns (never 0 when sent, which is how a receiver tells it from version
/// 1), syncid, size be16. Entries, IPv4 only, 24 bytes: reserved, protocol, cport, vport, dport,
/// caddr, vaddr, daddr, flags be16, state be16; when the flags have a sequence bit, 24 more
/// bytes of sequence data follow, copied from the master's memory: host order (little-endian on
/// the x86 masters this was written for), not network order as in version 1. No timeout, no
/// fwmark: the receiver uses its own timeouts.
enum SyncMessageVersion0 {
    static let headerLength = 4
    static let entryLength = 24
    static let sequenceFlags: SyncConnectionFlags = [.inSequence, .outSequence]

    /// Decodes a message whose first byte (nr_conns) is not 0 and whose size field matched.
    static func decode(_ bytes: SyncBytes) -> Result<SyncMessage, SyncDropReason> {
        var message = SyncMessage(syncID: bytes.u8(1), connections: [], protocolVersion: 0)
        var offset = headerLength
        for _ in 0..<Int(bytes.u8(0)) {
            guard bytes.contains(offset, entryLength) else { return .failure(.truncatedEntry) }
            let flags = SyncConnectionFlags(rawValue: UInt32(bytes.u16(offset + 20)))
            var sequence: SyncSequenceOption?
            if !flags.isDisjoint(with: sequenceFlags) {
                guard bytes.contains(offset + entryLength, SyncSequenceOption.length) else {
                    return .failure(.truncatedOption)
                }
                let words = (0..<6).map { littleEndian32(bytes, offset + entryLength + 4 * $0) }
                sequence = SyncSequenceOption(
                    inInitialSequence: words[0], inDelta: words[1], inPreviousDelta: words[2],
                    outInitialSequence: words[3], outDelta: words[4], outPreviousDelta: words[5])
            }
            let entryStart = offset
            offset += entryLength + (sequence == nil ? 0 : SyncSequenceOption.length)
            let protocolNumber = bytes.u8(entryStart + 1)
            let state = bytes.u16(entryStart + 22)
            if !flags.contains(.template) {
                guard let stateCount = SyncConnection.stateCount(protocolNumber: protocolNumber) else {
                    message.skippedEntries.append(.unsupportedProtocol)
                    continue
                }
                guard Int(state) < stateCount else {
                    message.skippedEntries.append(.invalidState)
                    continue
                }
            }
            message.connections.append(
                SyncConnection(
                    protocolNumber: protocolNumber, flags: flags, state: state,
                    clientAddress: InetAddress(v4: bytes.u32(entryStart + 8)), clientPort: bytes.u16(entryStart + 2),
                    virtualAddress: InetAddress(v4: bytes.u32(entryStart + 12)), virtualPort: bytes.u16(entryStart + 4),
                    destinationAddress: InetAddress(v4: bytes.u32(entryStart + 16)),
                    destinationPort: bytes.u16(entryStart + 6), timeoutSeconds: 0, sequence: sequence))
        }
        return .success(message)
    }

    /// The message in version 0; nil when it cannot be: no connections (nr_conns 0 would read
    /// as version 1), more than 255, IPv6, flags above 16 bits, options version 0 has no room
    /// for, or sequence data that does not match the flags.
    static func encode(_ message: SyncMessage) -> [UInt8]? {
        guard !message.connections.isEmpty, message.connections.count <= SyncMessage.maximumConnections else {
            return nil
        }
        var bytes: [UInt8] = [UInt8(message.connections.count), message.syncID, 0, 0]
        for connection in message.connections {
            let flags = connection.flags.subtracting(.hashed)
            let hasSequenceFlags = !flags.isDisjoint(with: sequenceFlags)
            guard connection.clientAddress.isV4, connection.virtualAddress.isV4, connection.destinationAddress.isV4,
                flags.rawValue <= UInt32(UInt16.max), connection.persistenceData == nil,
                connection.persistenceEngineName == nil, connection.optionalParameters.isEmpty,
                hasSequenceFlags || connection.sequence == nil
            else { return nil }
            bytes += [0, connection.protocolNumber]
            SyncBytes.append16(connection.clientPort, to: &bytes)
            SyncBytes.append16(connection.virtualPort, to: &bytes)
            SyncBytes.append16(connection.destinationPort, to: &bytes)
            SyncBytes.append32(connection.clientAddress.v4, to: &bytes)
            SyncBytes.append32(connection.virtualAddress.v4, to: &bytes)
            SyncBytes.append32(connection.destinationAddress.v4, to: &bytes)
            SyncBytes.append16(UInt16(flags.rawValue), to: &bytes)
            SyncBytes.append16(connection.state, to: &bytes)
            if hasSequenceFlags {
                for word in (connection.sequence ?? SyncSequenceOption()).words {
                    bytes += [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: word >> $0) }
                }
            }
        }
        guard bytes.count <= Int(UInt16.max) else { return nil }
        SyncBytes.set16(UInt16(bytes.count), at: 2, in: &bytes)
        return bytes
    }

    static func littleEndian32(_ bytes: SyncBytes, _ offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { value, index in value | UInt32(bytes.u8(offset + index)) << (8 * index) }
    }
}
