import LVSVocabulary

/// The Internet checksum (RFC 1071) and its incremental update (RFC 1624).
///
/// Sums are carried as `UInt32` values already folded to 16 bits, so callers can add a few of
/// them with `add` and finish once. Nothing here allocates.
public enum InternetChecksum {
    /// Ones'-complement sum of `length` bytes at frame offset `offset`, folded to 16 bits and not
    /// complemented. A trailing odd byte is padded with zero (as the RFC says). A range that
    /// leaves the frame is cut at the frame end.
    public static func sum(_ frame: FrameBuffer, offset: Int, length: Int, adding initial: UInt32 = 0) -> UInt32 {
        guard offset >= 0, offset <= frame.count, length > 0 else { return fold(UInt64(initial)) }
        let n = min(length, frame.count - offset)
        return sum(UnsafeRawPointer(frame.storage + frame.start + offset), count: n, adding: initial)
    }

    /// Same, over raw memory the caller owns.
    public static func sum(_ base: UnsafeRawPointer, count: Int, adding initial: UInt32 = 0) -> UInt32 {
        var acc = UInt64(initial)
        var i = 0
        // Eight bytes at a time: summing big-endian 64-bit words with end-around carry and
        // folding gives the same result as summing 16-bit words (2^16 == 1 mod 2^16-1).
        while i + 8 <= count {
            let w = UInt64(bigEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let (s, o) = acc.addingReportingOverflow(w)
            acc = s &+ (o ? 1 : 0)
            i += 8
        }
        var tail: UInt64 = 0
        while i + 2 <= count {
            tail &+= UInt64(UInt16(bigEndian: base.loadUnaligned(fromByteOffset: i, as: UInt16.self)))
            i += 2
        }
        if i < count {
            tail &+= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << 8
        }
        let (s, o) = acc.addingReportingOverflow(tail)
        acc = s &+ (o ? 1 : 0)
        return fold(acc)
    }

    /// Folds a wide ones'-complement sum to 16 bits.
    @inline(__always)
    public static func fold(_ value: UInt64) -> UInt32 {
        var v = (value & 0xFFFF_FFFF) &+ (value >> 32)
        v = (v & 0xFFFF_FFFF) &+ (v >> 32)
        v = (v & 0xFFFF) &+ (v >> 16)
        v = (v & 0xFFFF) &+ (v >> 16)
        v = (v & 0xFFFF) &+ (v >> 16)
        return UInt32(truncatingIfNeeded: v)
    }

    /// Ones'-complement addition of folded sums.
    @inline(__always)
    public static func add(_ a: UInt32, _ b: UInt32) -> UInt32 { fold(UInt64(a) &+ UInt64(b)) }

    /// Sum of a 32-bit value's two halves.
    @inline(__always)
    public static func sum32(_ v: UInt32) -> UInt32 { fold(UInt64(v >> 16) &+ UInt64(v & 0xFFFF)) }

    /// Sum of an address's 16-bit words (2 for IPv4, 8 for IPv6).
    @inline(__always)
    public static func sum(_ address: InetAddress) -> UInt32 {
        if address.isV4 { return sum32(address.v4) }
        return fold(UInt64(sum64(address.high)) &+ UInt64(sum64(address.low)))
    }

    @inline(__always)
    static func sum64(_ v: UInt64) -> UInt32 {
        fold((v >> 48) &+ ((v >> 32) & 0xFFFF) &+ ((v >> 16) & 0xFFFF) &+ (v & 0xFFFF))
    }

    /// The checksum field value for a sum: complement of the folded sum.
    @inline(__always)
    public static func finish(_ sum: UInt32) -> UInt16 { ~UInt16(truncatingIfNeeded: fold(UInt64(sum))) }

    /// Pseudo-header sum for TCP/UDP/ICMPv6 (RFC 793 / RFC 8200 section 8.1). `length` is the
    /// upper-layer length. The family is taken from `source`.
    public static func pseudoHeader(
        source: InetAddress, destination: InetAddress, protocol proto: UInt8, length: Int
    ) -> UInt32 {
        var s = UInt64(sum(source)) &+ UInt64(sum(destination)) &+ UInt64(proto)
        let len = UInt32(truncatingIfNeeded: max(0, length))
        s &+= UInt64(len >> 16) &+ UInt64(len & 0xFFFF)
        return fold(s)
    }

    // MARK: RFC 1624 incremental updates

    /// New checksum after the covered data's sum changed from `oldSum` to `newSum`:
    /// HC' = ~(~HC + ~m + m') (RFC 1624, equation 3), which never yields a spurious 0 from -0.
    @inline(__always)
    public static func update(_ checksum: UInt16, oldSum: UInt32, newSum: UInt32) -> UInt16 {
        let oldFolded = UInt16(truncatingIfNeeded: fold(UInt64(oldSum)))
        let s = UInt64(~checksum) &+ UInt64(~oldFolded) &+ UInt64(newSum)
        return ~UInt16(truncatingIfNeeded: fold(s))
    }

    /// A 16-bit field changed.
    @inline(__always)
    public static func update(_ checksum: UInt16, old: UInt16, new: UInt16) -> UInt16 {
        update(checksum, oldSum: UInt32(old), newSum: UInt32(new))
    }

    /// A 32-bit field (an IPv4 address) changed.
    @inline(__always)
    public static func update(_ checksum: UInt16, old: UInt32, new: UInt32) -> UInt16 {
        update(checksum, oldSum: sum32(old), newSum: sum32(new))
    }

    /// An address changed (4 or 16 bytes; both must be the same family).
    @inline(__always)
    public static func update(_ checksum: UInt16, old: InetAddress, new: InetAddress) -> UInt16 {
        update(checksum, oldSum: sum(old), newSum: sum(new))
    }

    /// Whether a region that includes its checksum field verifies (sums to 0xFFFF).
    public static func verifies(_ frame: FrameBuffer, offset: Int, length: Int, adding initial: UInt32 = 0) -> Bool {
        sum(frame, offset: offset, length: length, adding: initial) == 0xFFFF
    }
}
