import LVSVocabulary

/// A TCP header view (flags are LVSCore.TCPFlags, byte 13).
public struct TCPHeader {
    public static let checksumOffset = 16
    public let frame: FrameBuffer
    public let offset: Int
    public init(_ frame: FrameBuffer, at offset: Int) {
        self.frame = frame
        self.offset = offset
    }

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
