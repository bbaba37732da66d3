import LVSVocabulary

/// sh: a static 256-bucket table keyed by the client address, and with sh-port also by the
/// client port (kernel ip_vs_sh.c). Servers fill consecutive buckets, as many as their weight
/// (a server of weight 0 still takes one), round and round in list order. A bucket whose server
/// is quiesced or overloaded gives no server, unless sh-fallback asks to probe on from it.
public final class SourceHashingScheduler: Scheduler {
    public static let name = "sh"
    static let bucketCount = 256
    private(set) var buckets: ContiguousArray<RealServer?> = ContiguousArray(repeating: nil, count: bucketCount)

    public init() {}

    public func destinationsChanged(in service: VirtualService) {
        let d = service.destinations
        guard !d.isEmpty else {
            for i in 0..<Self.bucketCount { buckets[i] = nil }
            return
        }
        var server = 0
        var filled: Int32 = 0
        for i in 0..<Self.bucketCount {
            let s = d[server]
            buckets[i] = s
            filled += 1
            if filled >= s.weight {
                server = server + 1 == d.count ? 0 : server + 1
                filled = 0
            }
        }
    }

    /// ip_vs_sh_hashkey: (offset + hash_32(port + address, 8)) & 255.
    @inline(__always)
    private static func bucket(_ key: UInt32, offset: UInt32) -> Int {
        Int((offset &+ KernelHash.hash32(key, bits: 8)) & 0xff)
    }

    public func schedule(in service: VirtualService, request: ScheduleRequest, now: Instant) -> RealServer? {
        let flags = service.flags
        let port: UInt32 = flags.contains(.shPort) ? UInt32(request.clientPort) : 0
        let key = port &+ KernelHash.fold(request.clientAddress, family: service.key.family)
        let first = Self.bucket(key, offset: 0)
        guard let s = buckets[first] else { return nil }
        if s.acceptsNewConnections { return s }
        guard flags.contains(.shFallback) else { return nil }
        // Probe the table from the original bucket on, in a key-dependent order.
        for offset in 0..<Self.bucketCount {
            let rotated = UInt32((offset + first) % Self.bucketCount)
            guard let t = buckets[Self.bucket(key, offset: rotated)] else { return nil }
            if t.acceptsNewConnections { return t }
        }
        return nil
    }
}
