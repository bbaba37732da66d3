import LVSVocabulary

/// A GUE header (draft-ietf-intarea-gue), version 0, no optional fields: 4 bytes at `offset`.
/// Byte 0: version (2 bits), C (control) bit, Hlen (5 bits, optional-field words). Byte 1:
/// the inner IP protocol (4 or 41). Bytes 2-3: flags.
public struct GUEHeader {
    public let frame: FrameBuffer
    public let offset: Int
    public init(_ frame: FrameBuffer, at offset: Int) {
        self.frame = frame
        self.offset = offset
    }

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
