import LVSVocabulary

/// An IPv4 header (RFC 791) at `offset`.
public struct IPv4Header {
    public let frame: FrameBuffer
    public let offset: Int
    public init(_ frame: FrameBuffer, at offset: Int) {
        self.frame = frame
        self.offset = offset
    }

    public static let dontFragmentBit: UInt16 = 0x4000
    public static let moreFragmentsBit: UInt16 = 0x2000

    public var version: UInt8 { frame.u8(offset) >> 4 }
    /// Header length in bytes (IHL * 4), options included.
    public var headerLength: Int { Int(frame.u8(offset) & 0x0F) * 4 }
    public var optionsLength: Int { max(0, headerLength - HeaderSize.ipv4Minimum) }
    public var typeOfService: UInt8 {
        get { frame.u8(offset + 1) }
        nonmutating set { frame.set8(offset + 1, newValue) }
    }
    public var totalLength: UInt16 {
        get { frame.u16(offset + 2) }
        nonmutating set { frame.set16(offset + 2, newValue) }
    }
    public var identification: UInt16 {
        get { frame.u16(offset + 4) }
        nonmutating set { frame.set16(offset + 4, newValue) }
    }
    /// Flags (3 bits) and fragment offset (13 bits, in 8-byte units) as on the wire.
    public var flagsAndFragmentOffset: UInt16 {
        get { frame.u16(offset + 6) }
        nonmutating set { frame.set16(offset + 6, newValue) }
    }
    public var dontFragment: Bool { flagsAndFragmentOffset & Self.dontFragmentBit != 0 }
    public var moreFragments: Bool { flagsAndFragmentOffset & Self.moreFragmentsBit != 0 }
    /// Fragment offset in bytes.
    public var fragmentOffset: Int { Int(flagsAndFragmentOffset & 0x1FFF) * 8 }
    /// Part of a fragmented datagram (first, middle or last piece).
    public var isFragment: Bool { moreFragments || fragmentOffset != 0 }
    public var timeToLive: UInt8 {
        get { frame.u8(offset + 8) }
        nonmutating set { frame.set8(offset + 8, newValue) }
    }
    public var protocolNumber: UInt8 {
        get { frame.u8(offset + 9) }
        nonmutating set { frame.set8(offset + 9, newValue) }
    }
    public var checksum: UInt16 {
        get { frame.u16(offset + 10) }
        nonmutating set { frame.set16(offset + 10, newValue) }
    }
    public var source: UInt32 {
        get { frame.u32(offset + 12) }
        nonmutating set { frame.set32(offset + 12, newValue) }
    }
    public var destination: UInt32 {
        get { frame.u32(offset + 16) }
        nonmutating set { frame.set32(offset + 16, newValue) }
    }
    public var sourceAddress: InetAddress { InetAddress(v4: source) }
    public var destinationAddress: InetAddress { InetAddress(v4: destination) }

    /// Whether the header (options included) sums to 0xFFFF.
    public var checksumIsValid: Bool {
        InternetChecksum.verifies(frame, offset: offset, length: headerLength)
    }

    /// Recomputes the header checksum from scratch.
    public func updateChecksum() {
        checksum = 0
        checksum = InternetChecksum.finish(InternetChecksum.sum(frame, offset: offset, length: headerLength))
    }

    /// Replaces the source address, fixing the header checksum incrementally.
    public func rewriteSource(_ new: UInt32) {
        checksum = InternetChecksum.update(checksum, old: source, new: new)
        source = new
    }

    /// Replaces the destination address, fixing the header checksum incrementally.
    public func rewriteDestination(_ new: UInt32) {
        checksum = InternetChecksum.update(checksum, old: destination, new: new)
        destination = new
    }

    /// Writes a 20-byte header without options and computes its checksum.
    public func write(
        typeOfService: UInt8, totalLength: Int, identification: UInt16, dontFragment: Bool,
        timeToLive: UInt8, protocolNumber: UInt8, source: UInt32, destination: UInt32
    ) {
        frame.set8(offset, 0x45)
        self.typeOfService = typeOfService
        self.totalLength = UInt16(truncatingIfNeeded: totalLength)
        self.identification = identification
        flagsAndFragmentOffset = dontFragment ? Self.dontFragmentBit : 0
        self.timeToLive = timeToLive
        self.protocolNumber = protocolNumber
        self.source = source
        self.destination = destination
        updateChecksum()
    }
}
