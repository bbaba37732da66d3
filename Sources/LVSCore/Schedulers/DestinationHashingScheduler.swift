import LVSVocabulary

/// dh: a static 256-bucket table keyed by the packet's destination address (kernel ip_vs_dh.c).
/// Buckets take the servers in list order, one each, round and round; weights do not matter.
/// A bucket whose server is quiesced or overloaded gives no server (no fallback).
public final class DestinationHashingScheduler: Scheduler {
    public static let name = "dh"
    static let bucketCount = 256
    private(set) var buckets: ContiguousArray<RealServer?> = ContiguousArray(repeating: nil, count: bucketCount)

    public init() {}

    public func destinationsChanged(in service: VirtualService) {
        let d = service.destinations
        for i in 0..<Self.bucketCount {
            buckets[i] = d.isEmpty ? nil : d[i % d.count]
        }
    }

    public func schedule(in service: VirtualService, request: ScheduleRequest, now: Instant) -> RealServer? {
        let key = KernelHash.fold(request.virtualAddress, family: service.key.family)
        let bucket = Int(KernelHash.hash32(key, bits: 8))
        guard let s = buckets[bucket], s.isAvailable, s.acceptsNewConnections else { return nil }
        return s
    }
}
