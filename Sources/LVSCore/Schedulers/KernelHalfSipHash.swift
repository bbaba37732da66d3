import LVSVocabulary

/// The kernel's hsiphash() on a 64-bit machine: SipHash-1-3 with two 64-bit key words,
/// truncated to 32 bits (lib/siphash.c, used by ip_vs_mh for its offsets and skips).
struct KernelHalfSipHash: Sendable {
    var key0: UInt64
    var key1: UInt64

    @inline(__always)
    private static func round(_ v0: inout UInt64, _ v1: inout UInt64, _ v2: inout UInt64, _ v3: inout UInt64) {
        v0 = v0 &+ v1
        v1 = v1.rotatedLeft(13)
        v1 ^= v0
        v0 = v0.rotatedLeft(32)
        v2 = v2 &+ v3
        v3 = v3.rotatedLeft(16)
        v3 ^= v2
        v0 = v0 &+ v3
        v3 = v3.rotatedLeft(21)
        v3 ^= v0
        v2 = v2 &+ v1
        v1 = v1.rotatedLeft(17)
        v1 ^= v2
        v2 = v2.rotatedLeft(32)
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
