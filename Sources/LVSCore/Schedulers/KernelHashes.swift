import LVSVocabulary

/// The hash functions the kernel schedulers use, bit for bit, so a key lands in the same
/// bucket here as on a Linux director (sh, dh, mh, lblc and lblcr tables).
enum KernelHash {
    /// The 32-bit value the kernel hashes for an address of a service of family `family`:
    /// IPv4 as is; IPv6 as the XOR of its four 32-bit words (all in host order, so the XOR
    /// of the network-order words followed by ntohl gives the same value).
    @inline(__always)
    static func fold(_ address: InetAddress, family: InetAddress.Family) -> UInt32 {
        if address.isV4 { return address.v4 }
        if family == .inet {
            // An IPv6 real server of an IPv4 service: the kernel reads only the first word.
            return UInt32(truncatingIfNeeded: address.high >> 32)
        }
        return UInt32(truncatingIfNeeded: address.high >> 32) ^ UInt32(truncatingIfNeeded: address.high)
            ^ UInt32(truncatingIfNeeded: address.low >> 32) ^ UInt32(truncatingIfNeeded: address.low)
    }

    /// Linux hash_32(): multiply by GOLDEN_RATIO_32 and keep the top `bits` bits. The sh, dh,
    /// lblc and lblcr tables of Linux 6.x hash with it (older kernels multiplied by 2654435761
    /// and kept the low bits: the oracle kernel proves the new form).
    @inline(__always)
    static func hash32(_ value: UInt32, bits: UInt32) -> UInt32 {
        (value &* 0x61C8_8647) >> (32 &- bits)
    }
}

/// The kernel's hsiphash() on a 64-bit machine: SipHash-1-3 with two 64-bit key words,
/// truncated to 32 bits (lib/siphash.c, used by ip_vs_mh for its offsets and skips).
struct KernelHalfSipHash: Sendable {
    var key0: UInt64
    var key1: UInt64

    @inline(__always)
    private static func round(_ v0: inout UInt64, _ v1: inout UInt64, _ v2: inout UInt64, _ v3: inout UInt64) {
        v0 = v0 &+ v1; v1 = v1.rotatedLeft(13); v1 ^= v0; v0 = v0.rotatedLeft(32)
        v2 = v2 &+ v3; v3 = v3.rotatedLeft(16); v3 ^= v2
        v0 = v0 &+ v3; v3 = v3.rotatedLeft(21); v3 ^= v0
        v2 = v2 &+ v1; v1 = v1.rotatedLeft(17); v1 ^= v2; v2 = v2.rotatedLeft(32)
    }

    /// hsiphash(&value, 4, key): the 4 input bytes are the value in little-endian order,
    /// which on x86 is the u32 itself.
    @inline(__always)
    func hash(_ value: UInt32) -> UInt32 {
        var v0: UInt64 = 0x736f_6d65_7073_6575 ^ key0
        var v1: UInt64 = 0x646f_7261_6e64_6f6d ^ key1
        var v2: UInt64 = 0x6c79_6765_6e65_7261 ^ key0
        var v3: UInt64 = 0x7465_6462_7974_6573 ^ key1
        let b: UInt64 = (4 << 56) | UInt64(value)
        v3 ^= b
        Self.round(&v0, &v1, &v2, &v3)
        v0 ^= b
        v2 ^= 0xff
        Self.round(&v0, &v1, &v2, &v3)
        Self.round(&v0, &v1, &v2, &v3)
        Self.round(&v0, &v1, &v2, &v3)
        return UInt32(truncatingIfNeeded: (v0 ^ v1) ^ (v2 ^ v3))
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotatedLeft(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 &- n)) }
}

/// The rule almost every scheduler applies before picking a server.
extension RealServer {
    /// Not overloaded and weight above zero (the kernel's "quiesced" servers have weight 0).
    @inline(__always)
    var acceptsNewConnections: Bool { !isOverloaded && weight > 0 }
}
