import LVSCore
import LVSTestSupport
import LVSWire
import Testing

@testable import LVSDataPlane

/// Every rewriter, fed whatever the parser accepts out of mutated frames, returns and keeps the
/// frame inside its buffer.
@Suite struct RewriteFuzzTests {

    @Test func mutatedFramesThroughEveryRewriter() {
        let seeds = rewriteFixtures.map(\.input) + decapsulationCases.map(\.1)
        var rng = SplitMix64(seed: 0xD47A)
        var storage = [UInt8](repeating: 0, count: 4096)
        var rewritten = 0
        storage.withUnsafeMutableBytes { raw in
            for i in 0..<20_000 {
                var bytes = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
                for _ in 0..<Int.random(in: 0...3, using: &rng) where !bytes.isEmpty {
                    let at = Int.random(in: 0..<bytes.count, using: &rng)
                    if Int.random(in: 0..<5, using: &rng) == 0 {
                        bytes.removeLast(bytes.count - at)
                    } else {
                        bytes[at] = UInt8.random(in: 0...255, using: &rng)
                    }
                }
                let headroom = Int.random(in: 0...80, using: &rng)
                for j in 0..<raw.count { raw[j] = 0xA5 }
                for (j, b) in bytes.enumerated() { raw[headroom + j] = b }
                var frame = FrameBuffer(raw, start: headroom, count: bytes.count)
                let parsed = FrameParser(verifyIPv4Checksum: false).parse(frame)
                let v6 = i & 1 == 1
                let address = v6 ? TestAddresses.rip6 : TestAddresses.rip4
                switch parsed {
                case .drop: continue
                case .arp(let a): _ = ARPResponder.reply(frame, a, ownedMAC: TestAddresses.directorMAC)
                case .ip(let s):
                    let verdict: RewriteVerdict
                    switch i % 8 {
                    case 0: verdict = DirectRouting.forward(frame, s, l2: toRealServer, checksumPartial: true)
                    case 1:
                        verdict = NATRewriter.rewriteDestination(
                            frame, s, address: address, port: 8080,
                            l2: toRealServer, checksumPartial: i & 2 == 0)
                    case 2: verdict = NATRewriter.rewriteSource(frame, s, address: address, port: 80, l2: toRouter)
                    case 3:
                        verdict = TunnelEncapsulator.encapsulate(
                            &frame, s, tunnel(.ipip, v6: v6, mtu: Int.random(in: 0...1600, using: &rng)))
                    case 4:
                        verdict = TunnelEncapsulator.encapsulate(
                            &frame, s,
                            tunnel(
                                i & 16 == 0 ? .gue(port: guePort) : .gre,
                                v6: v6, mtu: 1500, csum: true),
                            checksumPartial: true)
                    case 5 where i & 16 == 0:
                        verdict = decrementHopLimit(&frame, s)
                    case 5:
                        verdict = ICMPErrorNAT.rewriteTowardRealServer(
                            frame, s, address: address, port: 1,
                            l2: toRealServer)
                    case 6:
                        verdict = ICMPErrorNAT.rewriteTowardClient(frame, s, address: address, port: 1, l2: toRouter)
                    default:
                        switch Decapsulator.decapsulate(&frame, s, guePort: guePort) {
                        case .inner: verdict = .forward
                        case .drop(let r): verdict = .drop(r)
                        }
                    }
                    if verdict != .drop(.addressFamilyMismatch) { rewritten += 1 }
                }
                if frame.start < 0 || frame.start + frame.count > raw.count {
                    Issue.record("frame left its buffer at \(i)")
                }
            }
        }
        #expect(rewritten > 5_000, "\(rewritten)")
    }
}
