import LVSVocabulary

/// Big-endian reads over the bytes of one sync message, and the writes that build one.
///
/// Reads outside the bytes return 0, as `FrameBuffer`'s do: the decoder checks lengths first
/// (to name a drop reason), this is the safety net that keeps any input from trapping.
struct SyncBytes {
    let bytes: [UInt8]

    var count: Int { bytes.count }

    /// Whether `length` bytes at `offset` lie inside.
    func contains(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= bytes.count - length
    }

    func u8(_ offset: Int) -> UInt8 {
        offset >= 0 && offset < bytes.count ? bytes[offset] : 0
    }

    func u16(_ offset: Int) -> UInt16 {
        UInt16(u8(offset)) << 8 | UInt16(u8(offset + 1))
    }

    func u32(_ offset: Int) -> UInt32 {
        UInt32(u16(offset)) << 16 | UInt32(u16(offset + 2))
    }

    /// `length` bytes at `offset`, or none when they do not all lie inside.
    func slice(_ offset: Int, _ length: Int) -> [UInt8] {
        guard contains(offset, length) else { return [] }
        return Array(bytes[offset..<(offset + length)])
    }

    /// An address of the entry's family: 4 or 16 bytes in network order.
    func address(_ offset: Int, isIPv6: Bool) -> InetAddress {
        guard isIPv6 else { return InetAddress(v4: u32(offset)) }
        let high = UInt64(u32(offset)) << 32 | UInt64(u32(offset + 4))
        let low = UInt64(u32(offset + 8)) << 32 | UInt64(u32(offset + 12))
        return InetAddress(v6High: high, low: low)
    }

    static func append16(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    static func append32(_ value: UInt32, to bytes: inout [UInt8]) {
        append16(UInt16(truncatingIfNeeded: value >> 16), to: &bytes)
        append16(UInt16(truncatingIfNeeded: value), to: &bytes)
    }

    static func set16(_ value: UInt16, at offset: Int, in bytes: inout [UInt8]) {
        guard offset >= 0, offset + 1 < bytes.count else { return }
        bytes[offset] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: value)
    }
}
