import LVSCore
import LVSTestSupport
import LVSVocabulary
import Testing

@testable import LVSWire

/// Sync protocol v1: what the kernel's backup refuses, each with its reason, and round trips of
/// every field and option.
@Suite struct SyncMessageTests {
    static let tcpConnection = SyncConnection(
        protocolNumber: IPProtocolNumber.tcp, flags: SyncConnectionFlags(rawValue: 0x0003), state: 1,
        clientAddress: addr("198.18.0.1"), clientPort: 40000, virtualAddress: addr("198.18.0.50"), virtualPort: 80,
        destinationAddress: addr("198.18.0.11"), destinationPort: 8080, timeoutSeconds: 900)

    /// The first entry starts right after the 8-byte header.
    static let entry = 8

    static func message(_ connections: [SyncConnection] = [tcpConnection], syncID: UInt8 = 7) -> [UInt8] {
        SyncMessage(syncID: syncID, connections: connections).encoded() ?? []
    }

    /// A one-entry message whose entry ends with `options` (raw type/length/value bytes).
    static func messageWithOptions(_ options: [UInt8], connection: SyncConnection = tcpConnection) -> [UInt8] {
        var bytes = message([connection]) + options
        let entrySize = UInt16(SyncConnection.fixedLengthIPv4 + options.count)
        setBE16(&bytes, entry + 2, entrySize)
        setBE16(&bytes, 2, UInt16(bytes.count))
        return bytes
    }

    static func setBE16(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt16) {
        bytes[offset] = UInt8(value >> 8)
        bytes[offset + 1] = UInt8(value & 0xFF)
    }

    static func reason(_ bytes: [UInt8]) -> SyncDropReason? {
        if case .failure(let reason) = SyncMessage.decode(bytes) { return reason }
        return nil
    }

    static func decoded(_ bytes: [UInt8]) -> SyncMessage? {
        try? SyncMessage.decode(bytes).get()
    }

    @Test func wireLayoutOfOneIPv4Entry() {
        let bytes = Self.message()
        #expect(bytes.count == 8 + 36)
        // reserved, syncid, size, nr_conns, version, spare
        #expect(Array(bytes[0..<8]) == [0, 7, 0, 44, 1, 1, 0, 0])
        // type, protocol, ver_size 36, flags DR, state 1, cport 40000, vport 80, dport 8080
        #expect(Array(bytes[8..<24]) == [0, 6, 0, 36, 0, 0, 0, 3, 0, 1, 0x9C, 0x40, 0, 80, 0x1F, 0x90])
        // fwmark 0, timeout 900, caddr, vaddr, daddr
        #expect(Array(bytes[24..<32]) == [0, 0, 0, 0, 0, 0, 0x03, 0x84])
        #expect(Array(bytes[32..<44]) == [198, 18, 0, 1, 198, 18, 0, 50, 198, 18, 0, 11])
    }

    @Test func everyFieldAndOptionRoundTrips() throws {
        let withOptions = SyncConnection(
            protocolNumber: IPProtocolNumber.tcp, flags: [.inSequence, .outSequence, .inactive], state: 4,
            clientAddress: addr("198.18.0.2"), clientPort: 1, virtualAddress: addr("198.18.0.50"), virtualPort: 5060,
            destinationAddress: addr("198.18.0.12"), destinationPort: 5060, fwmark: 9, timeoutSeconds: 120,
            sequence: SyncSequenceOption(
                inInitialSequence: 1, inDelta: 2, inPreviousDelta: 3, outInitialSequence: 4, outDelta: 5,
                outPreviousDelta: 0xFFFF_FFFF),
            persistenceData: Array("call-id@host".utf8), persistenceEngineName: Array("sip".utf8),
            optionalParameters: [SyncOptionalParameter(type: 0x45, value: [1, 2, 3])])
        let ipv6 = SyncConnection(
            protocolNumber: IPProtocolNumber.sctp, flags: SyncConnectionFlags(rawValue: 2), state: 7,
            clientAddress: addr("2001:db8::1"), clientPort: 9, virtualAddress: addr("2001:db8::50"), virtualPort: 9,
            destinationAddress: addr("2001:db8::11"), destinationPort: 9, timeoutSeconds: 0)
        let fwmarkTemplate = SyncConnection(
            protocolNumber: 0, flags: [.template, .noOutput], state: 1, clientAddress: addr("198.18.0.3"),
            clientPort: 0, virtualAddress: addr("0.0.0.1"), virtualPort: 0, destinationAddress: addr("198.18.0.11"),
            destinationPort: 0, fwmark: 1, timeoutSeconds: 360)
        let original = SyncMessage(syncID: 200, connections: [withOptions, ipv6, fwmarkTemplate, Self.tcpConnection])
        let bytes = try #require(original.encoded())
        #expect(bytes.count == Int(bytes[2]) << 8 | Int(bytes[3]))
        let back = try SyncMessage.decode(bytes).get()
        #expect(back == original)
        #expect(back.encoded() == bytes)
        // The IPv6 entry: type bit 0 and 72 bytes.
        let firstSize = Int(bytes[Self.entry + 2]) << 8 | Int(bytes[Self.entry + 3])
        let second = Self.entry + (firstSize + 3) & ~3
        #expect(bytes[second] == 1)
        #expect(bytes[second + 3] == 72)
    }

    @Test func paddingGoesBetweenEntriesNotAfterTheLast() throws {
        let odd = SyncConnection(
            protocolNumber: IPProtocolNumber.udp, flags: [], state: 0, clientAddress: addr("198.18.0.1"),
            clientPort: 1, virtualAddress: addr("198.18.0.50"), virtualPort: 53,
            destinationAddress: addr("198.18.0.11"),
            destinationPort: 53, timeoutSeconds: 300, persistenceData: [7], persistenceEngineName: [0x73])
        let one = try #require(SyncMessage(syncID: 1, connections: [odd]).encoded())
        #expect(one.count == 8 + 36 + 3 + 3)
        let two = try #require(SyncMessage(syncID: 1, connections: [odd, odd]).encoded())
        #expect(two.count == 8 + 44 + 42)
        #expect(Array(two[50..<52]) == [0, 0])
        #expect(try SyncMessage.decode(two).get().connections == [odd, odd])
    }

    // MARK: What the kernel's backup drops, in its order

    @Test func headerChecks() {
        #expect(Self.reason([]) == .truncatedHeader)
        #expect(Self.reason([0, 7, 0]) == .truncatedHeader)
        #expect(Self.reason([0, 7, 0, 6, 0, 1]) == .truncatedHeader)
        var bytes = Self.message()
        #expect(Self.reason(bytes + [0]) == .sizeMismatch)
        #expect(Self.reason(Array(bytes.dropLast())) == .sizeMismatch)
        // A first byte other than 0 is a version 0 message's nr_conns.
        bytes[0] = 1
        #expect(Self.decoded(bytes)?.protocolVersion == 0)
        bytes = Self.message()
        bytes[5] = 2
        #expect(Self.reason(bytes) == .badMessageVersion)
        bytes = Self.message()
        bytes[7] = 1
        #expect(Self.reason(bytes) == .badMessageVersion)
    }

    /// v0: nr_conns 1, syncid 7, size 28, one 24-byte entry (TCP, DR, ESTABLISHED).
    static let version0: [UInt8] =
        [1, 7, 0, 28, 0, 6, 0x9C, 0x40, 0, 80, 0, 80]
        + [198, 18, 0, 1, 198, 18, 0, 50, 198, 18, 0, 11, 0, 3, 0, 1]

    @Test func version0MessagesDecodeAndReEncode() throws {
        let message = try SyncMessage.decode(Self.version0).get()
        #expect(message.protocolVersion == 0)
        #expect(message.syncID == 7)
        let expected = SyncConnection(
            protocolNumber: IPProtocolNumber.tcp, flags: SyncConnectionFlags(rawValue: 3), state: 1,
            clientAddress: addr("198.18.0.1"), clientPort: 40000, virtualAddress: addr("198.18.0.50"), virtualPort: 80,
            destinationAddress: addr("198.18.0.11"), destinationPort: 80, timeoutSeconds: 0)
        #expect(message.connections == [expected])
        #expect(message.encoded() == Self.version0)
        // Sequence data follows when the flags say so, in the master's (x86) byte order.
        var withSequence = Self.version0
        withSequence[24] = 0x06  // flags 0x0603: IN_SEQ, OUT_SEQ, DR
        withSequence += [1, 0, 0, 0] + [UInt8](repeating: 0, count: 16) + [0, 0, 0, 0x80]
        withSequence[3] = UInt8(withSequence.count)
        let sequenced = try SyncMessage.decode(withSequence).get()
        #expect(sequenced.connections.first?.sequence?.inInitialSequence == 1)
        #expect(sequenced.connections.first?.sequence?.outPreviousDelta == 0x8000_0000)
        #expect(sequenced.encoded() == withSequence)
    }

    @Test func version0Checks() throws {
        var bytes = Self.version0
        bytes[0] = 2
        #expect(Self.reason(bytes) == .truncatedEntry)
        bytes = Self.version0
        bytes[24] = 0x02  // OUT_SEQ without the 24 bytes of sequence data
        #expect(Self.reason(bytes) == .truncatedOption)
        bytes = Self.version0
        bytes[5] = 1
        #expect(try SyncMessage.decode(bytes).get().skippedEntries == [.unsupportedProtocol])
        bytes = Self.version0
        bytes[27] = 11
        #expect(try SyncMessage.decode(bytes).get().skippedEntries == [.invalidState])
        // What version 0 cannot carry.
        var ipv6 = SyncMessageTests.tcpConnection
        ipv6.clientAddress = addr("2001:db8::1")
        #expect(SyncMessage(syncID: 1, connections: [ipv6], protocolVersion: 0).encoded() == nil)
        #expect(SyncMessage(syncID: 1, connections: [], protocolVersion: 0).encoded() == nil)
        #expect(SyncMessage(syncID: 1, connections: [Self.tcpConnection], protocolVersion: 2).encoded() == nil)
    }

    @Test func syncIDIsThePolicyOfTheReceiver() throws {
        // The bytes decode whatever the syncid; the backup decides (0 takes all).
        let message = try SyncMessage.decode(Self.message(syncID: 9)).get()
        #expect(message.syncID == 9)
        #expect(SyncMessage.accepts(syncID: 9, backupSyncID: 9))
        #expect(SyncMessage.accepts(syncID: 9, backupSyncID: 0))
        #expect(!SyncMessage.accepts(syncID: 9, backupSyncID: 7))
    }

    @Test func entryLengthChecks() {
        var bytes = Self.message()
        bytes[4] = 2
        #expect(Self.reason(bytes) == .truncatedEntry)
        bytes = Self.message()
        Self.setBE16(&bytes, Self.entry + 2, 37)
        #expect(Self.reason(bytes) == .entryBeyondMessage)
        bytes = Self.message()
        bytes[Self.entry + 2] |= 0x10
        #expect(Self.reason(bytes) == .badEntryVersion)
        bytes = Self.message()
        bytes[Self.entry] = 2
        #expect(Self.reason(bytes) == .unknownEntryType)
        bytes = Self.message()
        Self.setBE16(&bytes, Self.entry + 2, 20)
        #expect(Self.reason(bytes) == .entryTooShort)
        // An IPv6 type needs 72 bytes; a 36-byte entry is too short for it.
        bytes = Self.message()
        bytes[Self.entry] = 1
        #expect(Self.reason(bytes) == .entryTooShort)
    }

    @Test func optionChecks() {
        #expect(Self.reason(Self.messageWithOptions([1])) == .truncatedOption)
        #expect(Self.reason(Self.messageWithOptions([2, 0])) == .badOptionLength)
        #expect(Self.reason(Self.messageWithOptions([2, 5, 1, 2, 3])) == .badOptionLength)
        #expect(Self.reason(Self.messageWithOptions([1, 20] + [UInt8](repeating: 0, count: 20))) == .badSequenceOption)
        let sequence: [UInt8] = [1, 24] + [UInt8](repeating: 0, count: 24)
        #expect(Self.reason(Self.messageWithOptions(sequence)) == nil)
        #expect(Self.reason(Self.messageWithOptions(sequence + sequence)) == .badSequenceOption)
        let name: [UInt8] = [3, 3] + Array("sip".utf8)
        #expect(Self.reason(Self.messageWithOptions([2, 1, 9, 2, 1, 9] + name)) == .badPersistenceData)
        #expect(
            Self.reason(Self.messageWithOptions([3, 17] + [UInt8](repeating: 0x61, count: 17)))
                == .badPersistenceEngineName)
        #expect(Self.reason(Self.messageWithOptions(name + name)) == .badPersistenceEngineName)
    }

    @Test func entryLevelReasonsSkipOnlyTheirEntry() throws {
        func skipped(_ bytes: [UInt8]) throws -> [SyncDropReason] {
            let message = try SyncMessage.decode(bytes).get()
            #expect(message.connections.count + message.skippedEntries.count == 1)
            return message.skippedEntries
        }
        #expect(try skipped(Self.messageWithOptions([5, 1, 0])) == [.unknownMandatoryOption])
        // The same type with the optional bit is kept for re-encoding.
        let optional = try SyncMessage.decode(Self.messageWithOptions([0x45, 1, 0])).get()
        #expect(optional.connections.first?.optionalParameters == [SyncOptionalParameter(type: 0x45, value: [0])])
        #expect(try skipped(Self.messageWithOptions([2, 1, 9])) == [.persistenceDataWithoutEngine])
        var bytes = Self.message()
        bytes[Self.entry + 1] = 1  // ICMP
        #expect(try skipped(bytes) == [.unsupportedProtocol])
        bytes = Self.message()
        bytes[Self.entry + 9] = 11  // past IP_VS_TCP_S_LAST
        #expect(try skipped(bytes) == [.invalidState])
        // Templates are not checked for protocol or state (fwmark templates have protocol 0).
        bytes[Self.entry + 1] = 0
        bytes[Self.entry + 6] = 0x10
        #expect(try skipped(bytes) == [])
        // A skipped entry does not stop the next one.
        var two = Self.message([Self.tcpConnection, Self.tcpConnection])
        two[Self.entry + 1] = 1
        let message = try SyncMessage.decode(two).get()
        #expect(message.skippedEntries == [.unsupportedProtocol])
        #expect(message.connections == [Self.tcpConnection])
    }

    @Test func encodingRefusesWhatCannotBeSent() {
        var mixed = Self.tcpConnection
        mixed.destinationAddress = addr("2001:db8::11")
        #expect(mixed.encoded() == nil)
        var longName = Self.tcpConnection
        longName.persistenceData = [1]
        longName.persistenceEngineName = [UInt8](repeating: 0x61, count: 17)
        #expect(longName.encoded() == nil)
        var emptyData = Self.tcpConnection
        emptyData.persistenceData = []
        #expect(emptyData.encoded() == nil)
        let tooMany = [SyncConnection](repeating: Self.tcpConnection, count: 256)
        #expect(SyncMessage(syncID: 1, connections: tooMany).encoded() == nil)
    }

    @Test func labelsAreDistinctSnakeCase() {
        let labels = SyncDropReason.allCases.map(\.label)
        #expect(Set(labels).count == labels.count)
        for label in labels {
            #expect(label.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(label)")
        }
    }
}
