import LVSCore
import LVSTestSupport
import LVSVocabulary
import Testing

@testable import LVSWire

/// The parser must return for every input. 200,000 frames: random bytes, and valid frames of
/// every kind with bytes flipped, lengths rewritten and tails cut. Seeded, so a failure replays.
@Suite struct ParserFuzzTests {
    static let seeds: [[UInt8]] = {
        var v: [[UInt8]] = [
            Frames.tcp4(payload: [1, 2, 3]), Frames.tcp4(vlan: 9), Frames.udp4(), Frames.tcp6(payload: [1]),
            Frames.icmp4Error(quote: Frames.quotedReply4(bytes: 60)),
            Frames.ip6(
                IPProtocolNumber.hopByHop,
                Frames.ext(next: 44) + [6, 0, 0, 0, 0, 0, 0, 1]
                    + PacketBuilder.tcp(
                        source: TestAddresses.client6, destination: TestAddresses.vip6,
                        sourcePort: 1, destinationPort: 2, flags: [.syn])),
            Frames.ip4(IPProtocolNumber.ipip, Array(Frames.udp4().dropFirst(14))),
            Frames.ip4(
                132, PacketBuilder.sctp(sourcePort: 1, destinationPort: 2, verificationTag: 3, chunks: [0, 0, 0, 4])),
            PacketBuilder.arpFrame(
                destinationMAC: .broadcast, sourceMAC: TestAddresses.clientMAC, operation: 1,
                senderMAC: TestAddresses.clientMAC, senderAddress: TestAddresses.client4,
                targetMAC: .zero, targetAddress: TestAddresses.vip4),
        ]
        let inner6 = PacketBuilder.ipv6(
            source: TestAddresses.vip6, destination: TestAddresses.client6, nextHeader: 17,
            payload: PacketBuilder.udp(
                source: TestAddresses.vip6,
                destination: TestAddresses.client6,
                sourcePort: 1, destinationPort: 2))
        v.append(
            Frames.ip6(
                58,
                PacketBuilder.icmpv6(
                    source: TestAddresses.client6, destination: TestAddresses.vip6,
                    type: 1, code: 4, payload: inner6)))
        return v
    }()

    @Test func twoHundredThousandFramesNeverTrap() {
        var rng = SplitMix64(seed: 0x1_5EED)
        let parsers = [FrameParser(), FrameParser(verifyIPv4Checksum: false)]
        var outcomes = [Int](repeating: 0, count: 3)
        var buffer = [UInt8](repeating: 0, count: 4096)
        buffer.withUnsafeMutableBytes { raw in
            for i in 0..<200_000 {
                var bytes: [UInt8]
                if i % 4 == 0 {
                    bytes = (0..<Int.random(in: 0...160, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng)
                    }
                    // Steer random bytes toward the IP/ARP paths some of the time.
                    if bytes.count > 14 && i % 8 == 0 {
                        let types: [UInt16] = [0x0800, 0x86DD, 0x0806, 0x8100]
                        let t = types[Int.random(in: 0..<4, using: &rng)]
                        bytes[12] = UInt8(t >> 8)
                        bytes[13] = UInt8(t & 0xFF)
                    }
                } else {
                    bytes = Self.seeds[Int.random(in: 0..<Self.seeds.count, using: &rng)]
                    for _ in 0..<Int.random(in: 1...4, using: &rng) {
                        let at = Int.random(in: 0..<bytes.count, using: &rng)
                        switch Int.random(in: 0..<4, using: &rng) {
                        case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                        case 1: bytes[at] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
                        case 2: bytes[at] = [0, 0xFF, 0x80, 0x0F][Int.random(in: 0..<4, using: &rng)]
                        default: bytes.removeLast(Int.random(in: 0...bytes.count - at, using: &rng))
                        }
                        if bytes.isEmpty { break }
                    }
                }
                // Frames sit at varying offsets in a buffer full of junk, so reads past the frame
                // would see garbage rather than zeros.
                let start = Int.random(in: 0...64, using: &rng)
                for j in 0..<(start + bytes.count + 64) { raw[j] = 0xA5 }
                for (j, b) in bytes.enumerated() { raw[start + j] = b }
                let frame = FrameBuffer(raw, start: start, count: bytes.count)
                let result = parsers[i & 1].parse(frame)
                switch result {
                case .ip(let s):
                    outcomes[0] += 1
                    // Every offset the rewriters will trust lies inside the frame.
                    let ok =
                        s.l3Offset >= 14 && s.l4Offset >= s.l3Offset && s.l4Offset + s.l4Length == s.ipEnd
                        && s.ipEnd <= frame.count && s.payloadOffset >= s.l4Offset
                        && s.payloadOffset + s.payloadLength <= s.ipEnd && s.payloadLength >= 0
                    if !ok { Issue.record("inconsistent summary for seed frame \(i): \(bytes)") }
                    if let q = s.icmp?.quote,
                        !(q.l3Offset >= s.l4Offset + 8 && q.l4Offset + 8 <= s.ipEnd
                            && q.l3Offset + q.quotedLength == s.ipEnd)
                    {
                        Issue.record("inconsistent quote for frame \(i): \(bytes)")
                    }
                case .arp(let a):
                    outcomes[1] += 1
                    if a.arpOffset + 28 > frame.count { Issue.record("ARP past frame \(i)") }
                case .drop:
                    outcomes[2] += 1
                }
            }
        }
        #expect(outcomes.reduce(0, +) == 200_000)
        // The mutated frames must reach deep paths, not just fail at the Ethernet header.
        #expect(outcomes[0] > 50_000 && outcomes[1] > 1_000 && outcomes[2] > 50_000, "\(outcomes)")
    }
}
