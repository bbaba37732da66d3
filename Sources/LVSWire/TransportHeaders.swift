import LVSVocabulary

/// A TCP header view (flags are LVSCore.TCPFlags, byte 13).
public struct TCPHeader {
    public static let checksumOffset = 16
    public let frame: FrameBuffer
    public let offset: Int
    public init(_ frame: FrameBuffer, at offset: Int) { self.frame = frame; self.offset = offset }

    public var sourcePort: UInt16 {
        get { frame.u16(offset) }
        nonmutating set { frame.set16(offset, newValue) }
    }
    public var destinationPort: UInt16 {
        get { frame.u16(offset + 2) }
        nonmutating set { frame.set16(offset + 2, newValue) }
    }
    public var sequenceNumber: UInt32 { frame.u32(offset + 4) }
    public var acknowledgmentNumber: UInt32 { frame.u32(offset + 8) }
    /// Header length in bytes (data offset * 4).
    public var headerLength: Int { Int(frame.u8(offset + 12) >> 4) * 4 }
    public var flags: TCPFlags { TCPFlags(rawValue: frame.u8(offset + 13)) }
    public var window: UInt16 { frame.u16(offset + 14) }
    public var checksum: UInt16 {
        get { frame.u16(offset + 16) }
        nonmutating set { frame.set16(offset + 16, newValue) }
    }
}

/// A UDP header (RFC 768) at `offset`.
public struct UDPHeader {
    public static let checksumOffset = 6
    public let frame: FrameBuffer
    public let offset: Int
    public init(_ frame: FrameBuffer, at offset: Int) { self.frame = frame; self.offset = offset }

    public var sourcePort: UInt16 {
        get { frame.u16(offset) }
        nonmutating set { frame.set16(offset, newValue) }
    }
    public var destinationPort: UInt16 {
        get { frame.u16(offset + 2) }
        nonmutating set { frame.set16(offset + 2, newValue) }
    }
    /// Header plus payload, in bytes.
    public var length: UInt16 {
        get { frame.u16(offset + 4) }
        nonmutating set { frame.set16(offset + 4, newValue) }
    }
    /// 0 over IPv4 means "no checksum".
    public var checksum: UInt16 {
        get { frame.u16(offset + 6) }
        nonmutating set { frame.set16(offset + 6, newValue) }
    }
}

/// The SCTP common header (RFC 9260) at `offset`.
public struct SCTPHeader {
    public static let checksumOffset = 8
    public let frame: FrameBuffer
    public let offset: Int
    public init(_ frame: FrameBuffer, at offset: Int) { self.frame = frame; self.offset = offset }

    public var sourcePort: UInt16 {
        get { frame.u16(offset) }
        nonmutating set { frame.set16(offset, newValue) }
    }
    public var destinationPort: UInt16 {
        get { frame.u16(offset + 2) }
        nonmutating set { frame.set16(offset + 2, newValue) }
    }
    public var verificationTag: UInt32 { frame.u32(offset + 4) }
    /// As read big-endian from the wire; see `CRC32C.wireValue`.
    public var checksum: UInt32 {
        get { frame.u32(offset + 8) }
        nonmutating set { frame.set32(offset + 8, newValue) }
    }
}

/// An ICMP or ICMPv6 header (type, code, checksum, 4 bytes of type-specific data) at `offset`.
public struct ICMPHeader {
    public static let checksumOffset = 2
    public let frame: FrameBuffer
    public let offset: Int
    public init(_ frame: FrameBuffer, at offset: Int) { self.frame = frame; self.offset = offset }

    public var type: UInt8 {
        get { frame.u8(offset) }
        nonmutating set { frame.set8(offset, newValue) }
    }
    public var code: UInt8 {
        get { frame.u8(offset + 1) }
        nonmutating set { frame.set8(offset + 1, newValue) }
    }
    public var checksum: UInt16 {
        get { frame.u16(offset + 2) }
        nonmutating set { frame.set16(offset + 2, newValue) }
    }
    /// The 4 bytes after the checksum (unused, next-hop MTU, pointer, id+sequence...).
    public var restOfHeader: UInt32 {
        get { frame.u32(offset + 4) }
        nonmutating set { frame.set32(offset + 4, newValue) }
    }
}

/// ICMP type numbers the director acts on.
public enum ICMPType {
    public static let echoReply: UInt8 = 0
    public static let destinationUnreachable: UInt8 = 3
    public static let sourceQuench: UInt8 = 4
    public static let echoRequest: UInt8 = 8
    public static let timeExceeded: UInt8 = 11
    public static let parameterProblem: UInt8 = 12
    public static let fragmentationNeededCode: UInt8 = 4
    public static let portUnreachableCode: UInt8 = 3

    /// Error messages that quote the offending datagram (RFC 792); IPVS matches these against
    /// connections.
    public static func isError(_ type: UInt8) -> Bool {
        type == destinationUnreachable || type == sourceQuench || type == timeExceeded || type == parameterProblem
    }
}

/// ICMPv6 type numbers (RFC 4443).
public enum ICMPv6Type {
    public static let destinationUnreachable: UInt8 = 1
    public static let packetTooBig: UInt8 = 2
    public static let timeExceeded: UInt8 = 3
    public static let parameterProblem: UInt8 = 4
    public static let echoRequest: UInt8 = 128
    public static let echoReply: UInt8 = 129
    public static let neighborSolicitation: UInt8 = 135
    public static let neighborAdvertisement: UInt8 = 136

    /// Error messages (types 0-127) quote the offending packet.
    public static func isError(_ type: UInt8) -> Bool { type < 128 }
}

/// A GUE header (draft-ietf-intarea-gue), version 0, no optional fields: 4 bytes at `offset`.
/// Byte 0: version (2 bits), C (control) bit, Hlen (5 bits, optional-field words). Byte 1:
/// the inner IP protocol (4 or 41). Bytes 2-3: flags.
public struct GUEHeader {
    public let frame: FrameBuffer
    public let offset: Int
    public init(_ frame: FrameBuffer, at offset: Int) { self.frame = frame; self.offset = offset }

    public var version: UInt8 { frame.u8(offset) >> 6 }
    public var isControl: Bool { frame.u8(offset) & 0x20 != 0 }
    /// Length of the optional fields in bytes.
    public var optionalFieldsLength: Int { Int(frame.u8(offset) & 0x1F) * 4 }
    public var protocolNumber: UInt8 { frame.u8(offset + 1) }
    public var flags: UInt16 { frame.u16(offset + 2) }
    /// Header plus optional fields.
    public var length: Int { HeaderSize.gue + optionalFieldsLength }

    /// Writes a version 0 data header without optional fields.
    public func write(protocolNumber: UInt8) {
        frame.set8(offset, 0)
        frame.set8(offset + 1, protocolNumber)
        frame.set16(offset + 2, 0)
    }
}

/// A GRE header (RFC 2784, with RFC 2890 key and sequence) at `offset`.
public struct GREHeader {
    public static let checksumBit: UInt16 = 0x8000
    public static let routingBit: UInt16 = 0x4000
    public static let keyBit: UInt16 = 0x2000
    public static let sequenceBit: UInt16 = 0x1000

    public let frame: FrameBuffer
    public let offset: Int
    public init(_ frame: FrameBuffer, at offset: Int) { self.frame = frame; self.offset = offset }

    public var flagsAndVersion: UInt16 { frame.u16(offset) }
    public var version: UInt16 { flagsAndVersion & 0x7 }
    public var hasChecksum: Bool { flagsAndVersion & Self.checksumBit != 0 }
    /// The EtherType of the payload (0x0800, 0x86DD).
    public var protocolType: UInt16 { frame.u16(offset + 2) }
    /// Header length including the optional checksum, key and sequence words.
    public var length: Int {
        let f = flagsAndVersion
        return HeaderSize.gre + (f & Self.checksumBit != 0 ? 4 : 0) + (f & Self.keyBit != 0 ? 4 : 0)
            + (f & Self.sequenceBit != 0 ? 4 : 0)
    }

    /// Writes a version 0 header, with the checksum word (still zero) when asked.
    public func write(protocolType: UInt16, checksum: Bool) {
        frame.set16(offset, checksum ? Self.checksumBit : 0)
        frame.set16(offset + 2, protocolType)
        if checksum { frame.set32(offset + 4, 0) }
    }
}
