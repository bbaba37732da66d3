import LVSVocabulary

/// A GRE header (RFC 2784, with RFC 2890 key and sequence) at `offset`.
public struct GREHeader {
    public static let checksumBit: UInt16 = 0x8000
    public static let routingBit: UInt16 = 0x4000
    public static let keyBit: UInt16 = 0x2000
    public static let sequenceBit: UInt16 = 0x1000

    public let frame: FrameBuffer
    public let offset: Int
    public init(_ frame: FrameBuffer, at offset: Int) {
        self.frame = frame
        self.offset = offset
    }

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
