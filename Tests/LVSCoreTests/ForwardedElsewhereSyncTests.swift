import LVSTestSupport
import LVSVocabulary
import Testing

@testable import LVSCore

/// Packets the XDP fast path forwarded reach the engine as merged counts
/// (`countForwardedElsewhere`); the sync master must decide on them as it would have on the
/// packets: a merge that carried the connection's count over threshold + k x period queues it
/// once, the count goes on from there, a merge that crossed nothing queues nothing.
@Suite struct ForwardedElsewhereSyncTests {
    static let client = addr("198.18.0.1")
    static let vip = addr("198.18.0.50")
    static let rs = addr("198.18.0.11")

    static func master(syncing: Bool = true, sysctls: IPVSSysctls = IPVSSysctls()) throws -> IPVSEngine {
        let engine = IPVSEngine(sysctls: sysctls)
        var ops: [AdminOperation] = [
            .addService(ServiceConfig(key: .address(.udp, vip, 53), scheduler: "rr")),
            .addDestination(.address(.udp, vip, 53), DestinationConfig(key: DestinationKey(address: rs, port: 53))),
            .addService(ServiceConfig(key: .address(.tcp, vip, 80), scheduler: "rr")),
            .addDestination(.address(.tcp, vip, 80), DestinationConfig(key: DestinationKey(address: rs, port: 80))),
        ]
        if syncing {
            ops.append(.startSyncDaemon(SyncDaemonConfig(role: .master, interface: "eth0", syncID: 1)))
        }
        try engine.apply(ops, now: Instant.seconds(1000))
        return engine
    }

    static func onlyConnection(_ engine: IPVSEngine) throws -> Int32 {
        var ids: [Int32] = []
        engine.connections.forEach { id, e in if !e.isTemplate { ids.append(id) } }
        return try #require(ids.count == 1 ? ids.first : nil, "\(ids)")
    }

    static func drained(_ engine: IPVSEngine) -> [ConnectionEntry] {
        var out: [ConnectionEntry] = []
        engine.drainSyncOutbox(into: &out)
        return out
    }

    @Test("UDP (threshold 3, period 50): merges crossing 53 and 103 queue the connection once; the count goes on")
    func udpFlow() throws {
        let engine = try Self.master()
        var now = Instant.seconds(1000)
        let udp = PacketMeta.udp(from: Self.client, 40000, to: Self.vip, 53, length: 100)
        var synced: [Int] = []
        for packet in 1...3 {
            now = now + 1
            _ = engine.process(udp, now: now)
            if !Self.drained(engine).isEmpty { synced.append(packet) }
        }
        #expect(synced == [3], "the third packet is synced on the Swift path")
        let id = try Self.onlyConnection(engine)

        // 200 s later, 3 -> 110: 53 and 103 crossed, one message.
        now = now + 200_000
        engine.countForwardedElsewhere(id, packets: 107, bytes: 10_700, now: now)
        let queued = Self.drained(engine)
        #expect(queued.count == 1, "\(queued.count) messages for one merge")
        #expect(queued.first?.clientPort == 40000)
        #expect(engine.connections[id].inPackets == 110)
        // The merge restarted the connection's timer (UDP: 300 s): alive 299 s after the merge
        // (499 s after its last packet).
        engine.tick(now: now + 299_000)
        #expect(engine.connections.contains(id), "the merge's timer restart was lost")

        // 110 -> 150: nothing crossed.
        engine.countForwardedElsewhere(id, packets: 40, bytes: 4000, now: now)
        #expect(Self.drained(engine).isEmpty)
        // A NAT reply direction's packets do not count toward the client's count.
        engine.countForwardedElsewhere(id, packets: 500, bytes: 50_000, reply: true, now: now)
        #expect(Self.drained(engine).isEmpty && engine.connections[id].inPackets == 150)

        // The Swift path continues from the merged count: 151, 152, 153 (synced).
        synced = []
        for packet in 151...160 {
            now = now + 1
            _ = engine.process(udp, now: now)
            if !Self.drained(engine).isEmpty { synced.append(packet) }
        }
        #expect(synced == [153])
    }

    @Test("TCP: an ESTABLISHED connection's merge over threshold + period queues it ESTABLISHED; not without a master")
    func tcpAndNoMaster() throws {
        for syncing in [true, false] {
            let engine = try Self.master(syncing: syncing)
            var now = Instant.seconds(1000)
            for flags: TCPFlags in [[.syn], [.ack], [.ack], [.ack]] {
                now = now + 1
                _ = engine.process(.tcp(from: Self.client, 41000, to: Self.vip, 80, flags: flags, length: 60), now: now)
            }
            _ = Self.drained(engine)
            let id = try Self.onlyConnection(engine)
            engine.countForwardedElsewhere(id, packets: 60, bytes: 60_000, now: now)
            let queued = Self.drained(engine)
            #expect(queued.count == (syncing ? 1 : 0), "master \(syncing): \(queued.count)")
            if syncing { #expect(queued.first?.tcpState == .established) }
            #expect(engine.connections[id].inPackets == 64)
        }
    }

    @Test("the last synced count of a merged range, with the 16-bit count wrapping")
    func lastSyncedCount() {
        func last(
            _ before: UInt16, _ added: UInt64, threshold: Int = 3, period: Int = 50, every: Bool = false
        )
            -> Int?
        {
            IPVSEngine.lastSyncedCount(
                after: before, adding: added, threshold: threshold, period: period, everyPacket: every)
        }
        #expect(last(3, 107) == 103)
        #expect(last(3, 49) == nil)
        #expect(last(3, 50) == 53)
        #expect(last(0, 3) == 3)
        #expect(last(0, 2) == nil)
        #expect(last(0, 0) == nil)
        // 65530 -> 65535, then 0 ... 4: 3 is on the far side of the wrap.
        #expect(last(65_530, 10) == 3)
        // 65500 -> 65535, 0 ... 1: the last before the wrap, 65503 (65503 % 50 == 3).
        #expect(last(65_500, 38) == 65_503)
        // More than a wrap: the last one before the final count.
        #expect(last(10, 200_000) == 3353)  // ends at 200 010 mod 65 536 = 3402
        // Period 0: only the threshold itself; with a refresh period, the last count.
        #expect(last(0, 10, period: 0) == 3)
        #expect(last(5, 10, period: 0) == nil)
        #expect(last(5, 10, period: 0, every: true) == 15)
    }
}
