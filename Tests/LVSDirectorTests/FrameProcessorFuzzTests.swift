import LVSCore
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSDirector

/// Mutated frames of every kind through the whole per-frame path (parser, engine, rewriters)
/// with DR, NAT and TUN services and live connections: it never traps, every transmitted frame
/// stays inside the output buffer and parses, and every frame gets exactly one verdict.
@Suite("FrameProcessor under mutated frames")
struct FrameProcessorFuzzTests {

    static func seeds() -> [[UInt8]] {
        let W = World.self
        let quoteReply = B.ipv4(
            source: W.vip, destination: W.client, protocol: IPProtocolNumber.tcp,
            payload: B.tcp(
                source: W.vip, destination: W.client, sourcePort: 80, destinationPort: 41000,
                flags: [.ack]))
        let quoteRequest = B.ipv4(
            source: W.client, destination: W.nat1, protocol: IPProtocolNumber.udp,
            payload: B.udp(source: W.client, destination: W.nat1, sourcePort: 5000, destinationPort: 5353))
        return [
            clientTCP(port: 41000),
            clientTCP(port: 41000, flags: [.ack], payload: Array(repeating: 0x61, count: 1400)),
            clientTCP(port: 41001, flags: [.syn], ttl: 1),
            B.udpFrame(
                destinationMAC: W.eth0MAC, sourceMAC: W.clientMAC, source: W.client, destination: W.vip,
                sourcePort: 5000, destinationPort: 53, payload: Array("query".utf8)),
            tcpFrame(dst: W.eth1MAC, src: W.nat1MAC, from: W.nat1, 8080, to: W.client, 41000, flags: [.syn, .ack]),
            B.udpFrame(
                destinationMAC: W.eth1MAC, sourceMAC: W.nat1MAC, source: W.nat1, destination: W.client,
                sourcePort: 5353, destinationPort: 5000, payload: Array("answer".utf8)),
            B.ethernet(
                destination: W.eth0MAC, source: W.clientMAC, etherType: EtherType.ipv4,
                payload:
                    B.ipv4(
                        source: W.client, destination: W.vip, protocol: IPProtocolNumber.icmp,
                        payload: B.icmp(type: 3, code: 4, restOfHeader: 1400, payload: quoteReply), dontFragment: false)
            ),
            B.ethernet(
                destination: W.eth1MAC, source: W.nat1MAC, etherType: EtherType.ipv4,
                payload:
                    B.ipv4(
                        source: W.nat1, destination: W.client, protocol: IPProtocolNumber.icmp,
                        payload: B.icmp(type: 3, code: 3, payload: quoteRequest), dontFragment: false)),
            B.arpFrame(
                destinationMAC: .broadcast, sourceMAC: W.clientMAC, operation: ARPPacket.request,
                senderMAC: W.clientMAC, senderAddress: W.client, targetMAC: .zero, targetAddress: W.vip),
        ]
    }

    @Test("20,000 mutated frames: no trap, transmitted frames in bounds and parseable")
    func mutatedFrames() throws {
        let state = try World.state([
            World.service(), World.server(World.nat1, port: 8080, .masquerade), World.server(World.rs1),
            World.server(World.remote, .tunnel),
            World.service(World.dns), World.server(World.nat1, port: 5353, .masquerade, in: World.dns),
        ])
        let seeds = Self.seeds()
        var rng = SplitMix64(seed: 0x5EED)
        var transmitted = 0
        var input = [UInt8](repeating: 0, count: 2048)
        var scratch = [UInt8](repeating: 0, count: FrameProcessor.outputHeadroom + 4096)
        for i in 0..<20_000 {
            var bytes = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
            for _ in 0..<Int.random(in: 0...3, using: &rng) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                if Int.random(in: 0..<6, using: &rng) == 0 {
                    bytes.removeLast(bytes.count - at)
                } else {
                    bytes[at] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            let ingress = Ingress(
                interface: i % 3 == 0 ? 1 : 0, packetType: i % 11 == 0 ? .broadcast : .host,
                checksumPartial: i % 5 == 0)
            let action: TxAction = input.withUnsafeMutableBytes { rx in
                for (j, b) in bytes.enumerated() { rx[j] = b }
                return scratch.withUnsafeMutableBytes { raw in
                    let frame = FrameBuffer(UnsafeMutableRawBufferPointer(rebasing: rx[0..<bytes.count]))
                    var output = FrameBuffer(raw, start: FrameProcessor.outputHeadroom, count: 0)
                    let a = FrameProcessor().process(
                        frame, ingress: ingress, state: state, neighbours: World.snapshot(),
                        now: Instant(milliseconds: 1000 + Int64(i)), output: &output)
                    if case .transmit = a {
                        #expect(output.start >= 0 && output.start + output.count <= raw.count)
                        #expect(output.count >= 14)
                        if case .transmit(_, .forward) = a {
                            #expect(
                                FrameParser(verifyIPv4Checksum: false).parse(output).ipSummary != nil,
                                "unparseable output from \(bytes)")
                        }
                    }
                    return a
                }
            }
            if case .transmit = action { transmitted += 1 }
        }
        // The mutations leave most frames intact enough to be forwarded.
        #expect(transmitted > 2_000)
    }
}
