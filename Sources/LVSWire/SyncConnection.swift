import LVSVocabulary

/// One connection (or persistence template) of a sync message, version 1 (kernel
/// `ip_vs_sync_v4` / `ip_vs_sync_v6` and their options), decoded into host order.
///
/// Wire layout: type (bit 0: IPv6), protocol, ver_size (version in the top 4 bits, always 0;
/// entry size without padding in the low 12), flags be32, state be16, cport, vport, dport,
/// fwmark be32, timeout be32 (seconds), caddr, vaddr, daddr (4 or 16 bytes each), then options
/// as type/length/value. The next entry starts at the next 32-bit boundary.
public struct SyncConnection: Hashable, Sendable {
    /// Bytes before the options: 24 plus three IPv4 or IPv6 addresses.
    public static let fixedLengthIPv4 = 36
    public static let fixedLengthIPv6 = 72
    /// The longest entry ver_size can say (12 bits).
    public static let maximumLength = 0x0fff
    /// The longest persistence-engine name the kernel accepts (IP_VS_PENAME_MAXLEN).
    public static let maximumEngineNameLength = 16

    static let typeIPv6: UInt8 = 0x01
    static let optionSequence: UInt8 = 1
    static let optionPersistenceData: UInt8 = 2
    static let optionPersistenceEngineName: UInt8 = 3

    /// IP protocol number (6, 17, 132; 0 for fwmark templates).
    public var protocolNumber: UInt8
    public var flags: SyncConnectionFlags
    /// Protocol state (TCP/SCTP state number, 0 for UDP) or, for templates, 1 when ASSURED.
    public var state: UInt16
    public var clientAddress: InetAddress
    public var clientPort: UInt16
    public var virtualAddress: InetAddress
    public var virtualPort: UInt16
    public var destinationAddress: InetAddress
    public var destinationPort: UInt16
    public var fwmark: UInt32
    /// The connection's timeout (not the time left), in seconds; 0 asks the receiver to use
    /// its protocol's timeout for the state.
    public var timeoutSeconds: UInt32
    public var sequence: SyncSequenceOption?
    /// Persistence-engine data (e.g. a SIP Call-ID), up to 255 bytes.
    public var persistenceData: [UInt8]?
    /// Persistence-engine name ("sip"), sent only with `persistenceData`.
    public var persistenceEngineName: [UInt8]?
    /// Options this decoder does not know that carry the optional bit, in order.
    public var optionalParameters: [SyncOptionalParameter]

    public init(
        protocolNumber: UInt8, flags: SyncConnectionFlags, state: UInt16,
        clientAddress: InetAddress, clientPort: UInt16, virtualAddress: InetAddress, virtualPort: UInt16,
        destinationAddress: InetAddress, destinationPort: UInt16, fwmark: UInt32 = 0, timeoutSeconds: UInt32,
        sequence: SyncSequenceOption? = nil, persistenceData: [UInt8]? = nil,
        persistenceEngineName: [UInt8]? = nil, optionalParameters: [SyncOptionalParameter] = []
    ) {
        self.protocolNumber = protocolNumber
        self.flags = flags
        self.state = state
        self.clientAddress = clientAddress
        self.clientPort = clientPort
        self.virtualAddress = virtualAddress
        self.virtualPort = virtualPort
        self.destinationAddress = destinationAddress
        self.destinationPort = destinationPort
        self.fwmark = fwmark
        self.timeoutSeconds = timeoutSeconds
        self.sequence = sequence
        self.persistenceData = persistenceData
        self.persistenceEngineName = persistenceEngineName
        self.optionalParameters = optionalParameters
    }

    public var isIPv6: Bool { clientAddress.family == .inet6 }
    public var isTemplate: Bool { flags.contains(.template) }

    /// How many states the kernel's protocol has (`pp->num_states`); nil for a protocol it
    /// does not balance. A state at or above it makes the kernel skip the entry.
    public static func stateCount(protocolNumber: UInt8) -> Int? {
        switch protocolNumber {
        case IPProtocolNumber.tcp: 11  // IP_VS_TCP_S_LAST
        case IPProtocolNumber.udp: 2  // IP_VS_UDP_S_LAST
        case IPProtocolNumber.sctp: 13  // IP_VS_SCTP_S_LAST
        case 50, 51: 1  // ESP, AH: one state
        default: nil
        }
    }

    // MARK: Decoding

    /// Decodes the entry at `offset` whose unpadded size the caller checked to end at `end`
    /// (inside the bytes). A failure is either message-level (the kernel drops the message)
    /// or entry-level (`isEntryLevel`: it skips this entry).
    static func decode(_ bytes: SyncBytes, at offset: Int, end: Int) -> Result<SyncConnection, SyncDropReason> {
        let type = bytes.u8(offset)
        let isIPv6 = type & typeIPv6 != 0
        // Other bits with bit 0 set are ignored by the kernel; without it, only 0 is IPv4.
        guard isIPv6 || type == 0 else { return .failure(.unknownEntryType) }
        let addressLength = isIPv6 ? 16 : 4
        let optionsStart = offset + (isIPv6 ? fixedLengthIPv6 : fixedLengthIPv4)
        guard optionsStart <= end else { return .failure(.entryTooShort) }

        var sequence: SyncSequenceOption?
        var persistenceData: [UInt8]?
        var persistenceEngineName: [UInt8]?
        var optionalParameters: [SyncOptionalParameter] = []
        var cursor = optionsStart
        while cursor < end {
            guard cursor + 2 <= end else { return .failure(.truncatedOption) }
            let optionType = bytes.u8(cursor)
            let length = Int(bytes.u8(cursor + 1))
            let value = cursor + 2
            guard length > 0, value + length <= end else { return .failure(.badOptionLength) }
            switch optionType & ~SyncOptionalParameter.optionalBit {
            case optionSequence:
                guard length == SyncSequenceOption.length, sequence == nil else {
                    return .failure(.badSequenceOption)
                }
                sequence = SyncSequenceOption(
                    inInitialSequence: bytes.u32(value), inDelta: bytes.u32(value + 4),
                    inPreviousDelta: bytes.u32(value + 8), outInitialSequence: bytes.u32(value + 12),
                    outDelta: bytes.u32(value + 16), outPreviousDelta: bytes.u32(value + 20))
            case optionPersistenceData:
                // A one-byte length is never above IP_VS_PEDATA_MAXLEN (255): only "twice" fails.
                guard persistenceData == nil else { return .failure(.badPersistenceData) }
                persistenceData = bytes.slice(value, length)
            case optionPersistenceEngineName:
                guard length <= maximumEngineNameLength, persistenceEngineName == nil else {
                    return .failure(.badPersistenceEngineName)
                }
                persistenceEngineName = bytes.slice(value, length)
            default:
                // The kernel stops reading this entry here and goes on with the next one.
                guard optionType & SyncOptionalParameter.optionalBit != 0 else {
                    return .failure(.unknownMandatoryOption)
                }
                optionalParameters.append(SyncOptionalParameter(type: optionType, value: bytes.slice(value, length)))
            }
            cursor = value + length
        }

        let protocolNumber = bytes.u8(offset + 1)
        let flags = SyncConnectionFlags(rawValue: bytes.u32(offset + 4))
        let state = bytes.u16(offset + 8)
        if !flags.contains(.template) {
            guard let stateCount = stateCount(protocolNumber: protocolNumber) else {
                return .failure(.unsupportedProtocol)
            }
            guard Int(state) < stateCount else { return .failure(.invalidState) }
        }
        // The kernel looks the engine up by name; data without a name is refused outright.
        if persistenceData != nil, persistenceEngineName == nil {
            return .failure(.persistenceDataWithoutEngine)
        }
        let addresses = offset + 24
        return .success(
            SyncConnection(
                protocolNumber: protocolNumber, flags: flags, state: state,
                clientAddress: bytes.address(addresses, isIPv6: isIPv6), clientPort: bytes.u16(offset + 10),
                virtualAddress: bytes.address(addresses + addressLength, isIPv6: isIPv6),
                virtualPort: bytes.u16(offset + 12),
                destinationAddress: bytes.address(addresses + 2 * addressLength, isIPv6: isIPv6),
                destinationPort: bytes.u16(offset + 14), fwmark: bytes.u32(offset + 16),
                timeoutSeconds: bytes.u32(offset + 20), sequence: sequence, persistenceData: persistenceData,
                persistenceEngineName: persistenceEngineName, optionalParameters: optionalParameters))
    }

    // MARK: Encoding

    /// The entry's bytes without padding, as the kernel's master writes them (options in the
    /// order sequence, engine data, engine name, then the optional ones); nil when it cannot be
    /// sent: addresses of mixed families, an empty or oversized option, or more than 4095 bytes.
    public func encoded() -> [UInt8]? {
        let family = clientAddress.family
        guard virtualAddress.family == family, destinationAddress.family == family else { return nil }
        var options: [(type: UInt8, value: [UInt8])] = []
        if let sequence {
            var value: [UInt8] = []
            for word in sequence.words { SyncBytes.append32(word, to: &value) }
            options.append((Self.optionSequence, value))
        }
        if let persistenceData { options.append((Self.optionPersistenceData, persistenceData)) }
        if let persistenceEngineName {
            guard persistenceEngineName.count <= Self.maximumEngineNameLength else { return nil }
            options.append((Self.optionPersistenceEngineName, persistenceEngineName))
        }
        for parameter in optionalParameters { options.append((parameter.type, parameter.value)) }

        var bytes: [UInt8] = [isIPv6 ? Self.typeIPv6 : 0, protocolNumber, 0, 0]
        SyncBytes.append32(flags.subtracting(.hashed).rawValue, to: &bytes)
        SyncBytes.append16(state, to: &bytes)
        SyncBytes.append16(clientPort, to: &bytes)
        SyncBytes.append16(virtualPort, to: &bytes)
        SyncBytes.append16(destinationPort, to: &bytes)
        SyncBytes.append32(fwmark, to: &bytes)
        SyncBytes.append32(timeoutSeconds, to: &bytes)
        bytes += clientAddress.bytes
        bytes += virtualAddress.bytes
        bytes += destinationAddress.bytes
        for option in options {
            guard (1...255).contains(option.value.count) else { return nil }
            bytes.append(option.type)
            bytes.append(UInt8(option.value.count))
            bytes += option.value
        }
        guard bytes.count <= Self.maximumLength else { return nil }
        // Version 0 in the top four bits.
        SyncBytes.set16(UInt16(bytes.count), at: 2, in: &bytes)
        return bytes
    }
}
