import LVSCore
import LVSTestSupport
import LVSVocabulary
import Testing

@testable import LVSSync
@testable import LVSWire

@Suite struct SyncReceiverTests {
    static let master = addr("198.18.0.2")

    static func message(syncID: UInt8) -> [UInt8] {
        SyncMessage(syncID: syncID, connections: [SyncConnectionMappingTests.connection()]).encoded()!
    }

    @Test("a backup takes its own syncid (any with syncid 0), not another's nor its own messages; each refusal counted")
    func policy() {
        var backup = SyncReceiver(syncID: 7, ownAddresses: [addr("198.18.0.3")])
        #expect(backup.receive(Self.message(syncID: 7), from: Self.master).count == 1)
        #expect(backup.receive(Self.message(syncID: 8), from: Self.master).isEmpty)
        #expect(backup.receive(Self.message(syncID: 7), from: addr("198.18.0.3")).isEmpty)
        #expect(backup.receive([0, 7, 0], from: Self.master).isEmpty)
        #expect(backup.counters.messages == 4)
        #expect(backup.counters.entries == 1)
        #expect(backup.counters.ownMessages == 1)
        #expect(backup.counters.drops == ["foreign_syncid": 1, "truncated_header": 1])

        var any = SyncReceiver(syncID: 0)
        #expect(any.receive(Self.message(syncID: 8), from: Self.master).count == 1)
        #expect(any.receive(Self.message(syncID: 200), from: Self.master).count == 1)
    }

    @Test("random and mutated datagrams never trap the receiver or the engine that applies what passes")
    func fuzz() throws {
        let now = Instant.seconds(1000)
        let engine = IPVSEngine()
        try engine.apply(SyncFailoverTests.table(master: false), now: now)
        var receiver = SyncReceiver(syncID: 0)
        var generator = SplitMix(seed: 42)
        let seeds =
            try SyncKernelInteropTests.messages("interop-kernel-master")
            + SyncKernelInteropTests.messages("interop-swiftlvs-master")
        var applied = 0
        for round in 0..<4000 {
            var bytes: [UInt8]
            if round % 4 == 0 {
                bytes = (0..<Int(generator.next() % 200)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            } else {
                bytes = seeds[Int(generator.next() % UInt64(seeds.count))]
                for _ in 0..<(1 + Int(generator.next() % 4)) {
                    let index = Int(generator.next() % UInt64(bytes.count))
                    bytes[index] = UInt8(truncatingIfNeeded: generator.next())
                }
                if round % 3 == 0 { bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count + 1)))) }
            }
            for entry in receiver.receive(bytes, from: Self.master) {
                engine.applySynced(entry, now: now)
                applied += 1
            }
        }
        #expect(receiver.counters.messages == 4000)
        #expect(receiver.counters.dropTotal > 1000)
        #expect(applied > 0)
        // The table still works: expiry runs over whatever was applied (timeouts reach the
        // core's longest, 49 days).
        engine.tick(now: now + 60 * 86_400_000)
        #expect(engine.connections.count == 0)
        // And every count of a real server went back to 0 (nothing counted twice or lost).
        let counts = engine.snapshot(now: now, includeConnections: false).services.flatMap(\.destinations).map {
            [$0.activeConnections, $0.inactiveConnections, $0.persistentConnections]
        }
        #expect(counts.allSatisfy { $0 == [0, 0, 0] }, "\(counts)")
    }
}
