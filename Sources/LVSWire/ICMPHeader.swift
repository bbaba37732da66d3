import LVSVocabulary

/// An ICMP or ICMPv6 header (type, code, checksum, 4 bytes of type-specific data) at `offset`.
public struct ICMPHeader {
    public static let checksumOffset = 2
    public let frame: FrameBuffer
    public let offset: Int
    public init(_ frame: FrameBuffer, at offset: Int) {
        self.frame = frame
        self.offset = offset
    }

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
