import LVSCore
import LVSTestSupport
import LVSVocabulary
import Testing

@testable import LVSWire

/// The sync decoder must return for every input: 100,000 mutations of valid messages (bytes
/// flipped, lengths and counts rewritten, tails cut or grown) and random bytes. Seeded, so a
/// failure replays. What decodes re-encodes to a message that decodes to the same connections.
@Suite struct SyncMessageFuzzTests {
    static let seeds: [[UInt8]] = {
        let v4 = SyncMessageTests.tcpConnection
        var options = v4
        options.sequence = SyncSequenceOption(inInitialSequence: 5, outDelta: 7)
        options.flags.formUnion([.inSequence, .outSequence])
        let v6 = SyncConnection(
            protocolNumber: IPProtocolNumber.udp, flags: [], state: 0, clientAddress: addr("2001:db8::1"),
            clientPort: 1, virtualAddress: addr("2001:db8::50"), virtualPort: 53,
            destinationAddress: addr("2001:db8::11"), destinationPort: 53, timeoutSeconds: 300)
        var engine = v4
        engine.persistenceData = [1, 2, 3, 4, 5]
        engine.persistenceEngineName = Array("sip".utf8)
        return [
            SyncMessage(syncID: 7, connections: [v4, engine]).encoded(),
            SyncMessage(syncID: 7, connections: [options, v6, v4]).encoded(),
            SyncMessage(syncID: 0, connections: []).encoded(),
            SyncMessage(syncID: 7, connections: [v4, options], protocolVersion: 0).encoded(),
        ].compactMap { $0 }
    }()

    @Test func mutatedMessagesNeverTrap() {
        var rng = SplitMix64(seed: 0x5EED_5C)
        #expect(Self.seeds.count == 4)
        var decodedCount = 0
        for round in 0..<100_000 {
            var bytes: [UInt8]
            if round % 10 == 0 {
                bytes = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            } else {
                bytes = Self.seeds[round % Self.seeds.count]
                for _ in 0..<Int.random(in: 1...4, using: &rng) { Self.mutate(&bytes, using: &rng) }
            }
            // Mostly keep the size field true, or every mutation stops at the first check.
            if round % 3 != 0, bytes.count >= 4, bytes.count <= 0xFFFF {
                bytes[2] = UInt8(bytes.count >> 8)
                bytes[3] = UInt8(bytes.count & 0xFF)
            }
            guard case .success(let message) = SyncMessage.decode(bytes) else { continue }
            decodedCount += 1
            guard let again = message.encoded() else { continue }
            // The sender never sends HASHED; everything else comes back.
            let expected = message.connections.map { connection in
                var copy = connection
                copy.flags.remove(.hashed)
                return copy
            }
            #expect((try? SyncMessage.decode(again).get().connections) == expected, "round \(round)")
        }
        #expect(decodedCount > 1000)
    }

    static func mutate(_ bytes: inout [UInt8], using rng: inout SplitMix64) {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0 where !bytes.isEmpty:
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
        case 1 where bytes.count > 11:
            // An entry's ver_size or an option length.
            let index = Int.random(in: 8..<bytes.count, using: &rng)
            bytes[index] = UInt8.random(in: 0...255, using: &rng)
        case 2 where bytes.count > 4:
            bytes[4] = UInt8.random(in: 0...4, using: &rng)
        case 3:
            bytes.removeLast(min(bytes.count, Int.random(in: 1...16, using: &rng)))
        case 4:
            bytes += (0..<Int.random(in: 1...16, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        default:
            if bytes.count > 10 { bytes[Int.random(in: 8...10, using: &rng)] = 1 }
        }
    }
}
