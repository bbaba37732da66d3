import LVSVocabulary

/// The SCTP common header (RFC 9260) at `offset`.
public struct SCTPHeader {
    public static let checksumOffset = 8
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
    public var verificationTag: UInt32 { frame.u32(offset + 4) }
    /// As read big-endian from the wire; see `CRC32C.wireValue`.
    public var checksum: UInt32 {
        get { frame.u32(offset + 8) }
        nonmutating set { frame.set32(offset + 8, newValue) }
    }
}
