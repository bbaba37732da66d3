import LVSVocabulary
import Testing

@testable import LVSWire

/// Mutated adverts never trap the VRRP parser: bytes flipped, counts and lengths rewritten,
/// tails cut, under every policy. Seeded, so a failure replays.
@Suite struct VRRPFuzzTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func mutatedAdvertsNeverTrap() {
        let seeds = VRRPFixtures.v2Pass + VRRPFixtures.v3IPv4 + VRRPFixtures.v3IPv6
        #expect(!seeds.isEmpty)
        let policies = [
            VRRPReceivePolicy(),
            VRRPReceivePolicy(version: .v2, authentication: .password(text: "s3cret"), advertisementInterval: 100),
            VRRPReceivePolicy(version: .v3, requiresHopLimit255: false, checksumMode: .v3AsV2),
        ]
        var random = SplitMix64(state: 0x5652_5250)
        var accepted = 0
        for round in 0..<30_000 {
            var bytes = seeds[Int(random.next() % UInt64(seeds.count))]
            for _ in 0..<(1 + Int(random.next() % 4)) {
                guard !bytes.isEmpty else { break }
                let index = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 4 {
                case 0: bytes[index] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.removeLast(Int(random.next() % UInt64(bytes.count)))
                case 2: bytes += (0..<Int(random.next() % 40)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                default: bytes[index] ^= 0xFF
                }
            }
            let policy = policies[round % policies.count]
            let result = bytes.withUnsafeMutableBytes { VRRPPacket.parse(FrameBuffer($0), policy: policy) }
            if case .success = result { accepted += 1 }
        }
        // Some mutations leave a valid advert (padding, the IPv4 ID): the fuzz reached the end.
        #expect(accepted > 0)
    }
}
