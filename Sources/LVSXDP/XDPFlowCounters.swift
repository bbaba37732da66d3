/// One connection's traffic forwarded by the XDP program, summed over the per-CPU values of
/// `lvs_counters` (struct lvs_flow_counters in bpf/lvs_xdp.c: two 64-bit host-order words per CPU).
public struct XDPFlowCounters: Sendable, Equatable {
    public static let size = 16

    public var packets: UInt64
    /// IP bytes (header included, Ethernet not), as IPVS counts them.
    public var bytes: UInt64

    public init(packets: UInt64, bytes: UInt64) {
        self.packets = packets
        self.bytes = bytes
    }

    /// Sums the per-CPU values as BPF_MAP_LOOKUP_ELEM returns them for a per-CPU map: one
    /// `stride`-byte value per possible CPU.
    public init(perCPU values: [UInt8], stride: Int) {
        self.init(perCPU: values, stride: stride, in: 0..<values.count)
    }

    /// The same for one slot's values within a batch lookup's buffer (`range`: that slot's bytes).
    public init(perCPU values: [UInt8], stride: Int, in range: Range<Int>) {
        var packets: UInt64 = 0
        var bytes: UInt64 = 0
        var at = range.lowerBound
        let end = min(range.upperBound, values.count)
        while stride >= Self.size, at + Self.size <= end {
            packets &+= Self.word(values, at)
            bytes &+= Self.word(values, at + 8)
            at += stride
        }
        self.init(packets: packets, bytes: bytes)
    }

    private static func word(_ b: [UInt8], _ at: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in (0..<8).reversed() { v = v << 8 | UInt64(b[at + i]) }
        return v
    }
}
