import LVSVocabulary

/// The fixed IPv6 header (RFC 8200) at `offset`.
public struct IPv6Header {
    public let frame: FrameBuffer
    public let offset: Int
    public init(_ frame: FrameBuffer, at offset: Int) {
        self.frame = frame
        self.offset = offset
    }

    public var version: UInt8 { frame.u8(offset) >> 4 }
    public var trafficClass: UInt8 { UInt8(truncatingIfNeeded: frame.u32(offset) >> 20) }
    public var flowLabel: UInt32 { frame.u32(offset) & 0xFFFFF }
    public var payloadLength: UInt16 {
        get { frame.u16(offset + 4) }
        nonmutating set { frame.set16(offset + 4, newValue) }
    }
    public var nextHeader: UInt8 {
        get { frame.u8(offset + 6) }
        nonmutating set { frame.set8(offset + 6, newValue) }
    }
    public var hopLimit: UInt8 {
        get { frame.u8(offset + 7) }
        nonmutating set { frame.set8(offset + 7, newValue) }
    }
    public var source: InetAddress {
        get { frame.address(offset + 8, family: .inet6) }
        nonmutating set { frame.setAddress(offset + 8, newValue) }
    }
    public var destination: InetAddress {
        get { frame.address(offset + 24, family: .inet6) }
        nonmutating set { frame.setAddress(offset + 24, newValue) }
    }

    public func write(
        trafficClass: UInt8, flowLabel: UInt32, payloadLength: Int, nextHeader: UInt8,
        hopLimit: UInt8, source: InetAddress, destination: InetAddress
    ) {
        frame.set32(offset, 6 << 28 | UInt32(trafficClass) << 20 | flowLabel & 0xFFFFF)
        self.payloadLength = UInt16(truncatingIfNeeded: payloadLength)
        self.nextHeader = nextHeader
        self.hopLimit = hopLimit
        self.source = source
        self.destination = destination
    }
}
