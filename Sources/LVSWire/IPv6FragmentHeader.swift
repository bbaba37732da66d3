import LVSVocabulary

/// The fragment extension header (RFC 8200 section 4.5) at `offset`.
public struct IPv6FragmentHeader {
    public let frame: FrameBuffer
    public let offset: Int
    public init(_ frame: FrameBuffer, at offset: Int) {
        self.frame = frame
        self.offset = offset
    }

    public var nextHeader: UInt8 { frame.u8(offset) }
    /// Fragment offset in bytes.
    public var fragmentOffset: Int { Int(frame.u16(offset + 2) >> 3) * 8 }
    public var moreFragments: Bool { frame.u16(offset + 2) & 1 != 0 }
    public var identification: UInt32 { frame.u32(offset + 4) }
    /// An atomic fragment (offset 0, no more fragments) carries a whole packet.
    public var isAtomic: Bool { fragmentOffset == 0 && !moreFragments }
}
