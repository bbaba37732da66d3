import LVSVocabulary

/// The VRRP header (RFC 3768 section 5.1, RFC 5798 section 5.1) at `offset`: a bounds-checked view.
///
/// ```
/// 0: version(4) type(4) | 1: VRID | 2: priority | 3: count IPvX addr
/// 4: v2 auth type | 5: v2 adver int (s)     4-5: v3 rsvd(4) max adver int (12, cs)
/// 6-7: checksum | 8: addresses | v2: 8 bytes of auth data after them
/// ```
public struct VRRPHeader {
    public let frame: FrameBuffer
    public let offset: Int
    public init(_ frame: FrameBuffer, at offset: Int) {
        self.frame = frame
        self.offset = offset
    }

    public static let size = 8
    public static let authDataSize = 8
    public static let advertisementType: UInt8 = 1
    /// TTL / hop limit of every VRRP packet sent, and required of multicast ones received.
    public static let hopLimit: UInt8 = 255
    public static let checksumOffset = 6

    public var version: UInt8 { frame.u8(offset) >> 4 }
    public var type: UInt8 { frame.u8(offset) & 0x0F }
    public var virtualRouterID: UInt8 { frame.u8(offset + 1) }
    public var priority: UInt8 { frame.u8(offset + 2) }
    public var addressCount: Int { Int(frame.u8(offset + 3)) }
    public var authType: UInt8 { frame.u8(offset + 4) }
    /// v2: seconds.
    public var v2AdvertisementInterval: UInt8 { frame.u8(offset + 5) }
    /// v3: centiseconds (the reserved top 4 bits masked off).
    public var v3MaxAdvertisementInterval: UInt16 { frame.u16(offset + 4) & 0x0FFF }
    public var checksum: UInt16 {
        get { frame.u16(offset + Self.checksumOffset) }
        nonmutating set { frame.set16(offset + Self.checksumOffset, newValue) }
    }

    /// The address at `index` in the list.
    public func address(_ index: Int, family: InetAddress.Family) -> InetAddress {
        frame.address(offset + Self.size + index * Self.addressSize(family), family: family)
    }

    /// v2: the 8 auth data bytes after the addresses.
    public func authData(family: InetAddress.Family) -> UInt64 {
        frame.u64(offset + Self.size + addressCount * Self.addressSize(family))
    }

    public static func addressSize(_ family: InetAddress.Family) -> Int { family == .inet ? 4 : 16 }

    /// Length of the whole message its version, family and count call for.
    public static func messageLength(version: UInt8, family: InetAddress.Family, addressCount: Int) -> Int {
        size + addressCount * addressSize(family) + (version == VRRPVersion.v2.rawValue ? authDataSize : 0)
    }
}
