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
        Self.pick(
            Self.key(request, flags: service.flags, family: service.key.family),
            fallback: service.flags.contains(.shFallback), bucket: { buckets[$0] },
            accepts: { $0.acceptsNewConnections })
    }

    /// The client's hash key (with sh-port, its port too).
    @inline(__always)
    static func key(_ request: ScheduleRequest, flags: ServiceFlags, family: InetAddress.Family) -> UInt32 {
        let port: UInt32 = flags.contains(.shPort) ? UInt32(request.clientPort) : 0
        return port &+ KernelHash.fold(request.clientAddress, family: family)
    }

    /// ip_vs_sh_schedule over a table whose bucket `i` holds `bucket(i)`. Shared with the
    /// lock-free shared scheduler (`SchedulingSnapshot`), so both pick alike.
    @inline(__always)
    static func pick<Server>(
        _ key: UInt32, fallback: Bool, bucket: (Int) -> Server?, accepts: (Server) -> Bool
    ) -> Server? {
        let first = Self.bucket(key, offset: 0)
        guard let s = bucket(first) else { return nil }
        if accepts(s) { return s }
        guard fallback else { return nil }
        // Probe the table from the original bucket on, in a key-dependent order.
        for offset in 0..<Self.bucketCount {
            let rotated = UInt32((offset + first) % Self.bucketCount)
            guard let t = bucket(Self.bucket(key, offset: rotated)) else { return nil }
            if accepts(t) { return t }
        }
        return nil
    }
}
