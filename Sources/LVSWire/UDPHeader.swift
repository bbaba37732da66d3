import LVSVocabulary

/// A UDP header (RFC 768) at `offset`.
public struct UDPHeader {
    public static let checksumOffset = 6
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
