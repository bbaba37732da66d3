import LVSCore
import LVSWire
import LVSVocabulary

/// Runs `body` over a FrameBuffer holding `bytes` after `headroom` spare bytes.
func withFrame<R>(_ bytes: [UInt8], headroom: Int = 64, _ body: (inout FrameBuffer) throws -> R) rethrows -> R {
    var storage = [UInt8](repeating: 0xEE, count: headroom + bytes.count + 64)
    storage.replaceSubrange(headroom..<(headroom + bytes.count), with: bytes)
    return try storage.withUnsafeMutableBytes { raw in
        var frame = FrameBuffer(raw, start: headroom, count: bytes.count)
        return try body(&frame)
    }
}

func parse(_ bytes: [UInt8], parser: FrameParser = FrameParser()) -> ParseResult {
    withFrame(bytes) { parser.parse($0) }
}

func addr(_ s: String) -> InetAddress { InetAddress(s)! }
func mac(_ s: String) -> MACAddress { MACAddress(s)! }

/// Reference checksum sum: 16-bit words, end-around carry, written independently of
/// InternetChecksum (byte pairs, no wide loads).
func referenceSum(_ bytes: [UInt8]) -> UInt16 {
    var s: UInt32 = 0
    var i = 0
    while i + 1 < bytes.count { s += UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1]); i += 2 }
    if i < bytes.count { s += UInt32(bytes[i]) << 8 }
    while s > 0xFFFF { s = (s & 0xFFFF) + (s >> 16) }
    return UInt16(s)
}

enum Lab {
    static let clientMAC = mac("02:00:00:00:00:0c")
    static let directorMAC = mac("02:00:00:00:00:d1")
    static let client4 = addr("198.18.1.10")
    static let vip4 = addr("198.18.0.100")
    static let client6 = addr("2001:db8:1::10")
    static let vip6 = addr("2001:db8::100")
}
