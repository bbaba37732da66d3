/// CRC32c (Castagnoli), the SCTP checksum (RFC 4960 appendix B). Table driven; the table is built
/// once on first use.
public enum CRC32C {
    private static let table: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
        return c
    }

    /// CRC of `length` bytes at `offset`, the checksum field itself treated as zero when
    /// `skipping` is given (SCTP computes over its packet with the field zeroed).
    public static func checksum(_ frame: FrameBuffer, offset: Int, length: Int, zeroing skip: Int? = nil) -> UInt32 {
        guard offset >= 0, offset <= frame.count, length > 0 else { return 0 }
        let n = min(length, frame.count - offset)
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { t in
            for i in 0..<n {
                var b = frame.u8(offset + i)
                if let s = skip, i >= s, i < s + 4 { b = 0 }
                crc = t[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8)
            }
        }
        return ~crc
    }

    /// The value as SCTP stores it: the CRC's bytes in little-endian order, read back big-endian.
    public static func wireValue(_ crc: UInt32) -> UInt32 { crc.byteSwapped }
}
