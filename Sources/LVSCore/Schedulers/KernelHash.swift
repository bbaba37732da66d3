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
