import LVSCore
import LVSTestSupport
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSDirector

/// The warm-up lookup finds the connection the frame will be processed against (or it warms the
/// wrong lines and is useless), for client frames and NAT replies, and any bytes are safe.
@Suite struct ConnectionWarmerTests {
    typealias W = World

    static func warm(_ bytes: [UInt8], _ state: WorkerState, _ view: NetworkView) -> Int32 {
        var sink: Int32 = 0
        var input = bytes
        input.withUnsafeMutableBytes { raw in
            ConnectionWarmer.warm(FrameBuffer(raw), table: state.engine.connections, view: view, sink: &sink)
        }
        return sink
    }

    @Test func findsTheClientsConnectionAndTheNATReplys() throws {
        let state = try W.state([W.service(), W.server(W.nat1, port: 8080, .masquerade)])
        let view = W.snapshot()
        let request = clientTCP(port: 41000)
        // No connection yet: the lookup misses (-1).
        #expect(Self.warm(request, state, view) == -1)
        _ = run(request, state: state, snapshot: view)
        let id = state.engine.connections.lookup(
            proto: 6, client: W.client, clientPort: 41000, virtual: W.vip, virtualPort: 80)
        #expect(id >= 0)
        #expect(Self.warm(clientTCP(port: 41000, flags: [.ack]), state, view) == id)
        let reply = tcpFrame(
            dst: W.eth1MAC, src: W.nat1MAC, from: W.nat1, 8080, to: W.client, 41000, flags: [.syn, .ack])
        #expect(Self.warm(reply, state, view) == id)
    }

    @Test func anyBytesAreSafeAndChangeNothing() throws {
        let state = try W.state([W.service(), W.server(W.rs1)])
        let view = W.snapshot()
        let valid = clientTCP(port: 41000)
        _ = run(valid, state: state, snapshot: view)
        let before = state.engine.connections.count
        for length in 0...valid.count { _ = Self.warm(Array(valid.prefix(length)), state, view) }
        var random = SplitMix64(seed: 7)
        for _ in 0..<10_000 {
            let length = Int(random.next() % 120)
            var frame = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            // Half of them look like IPv4 or IPv6 with random headers.
            if length > 14, random.next() & 1 == 0 {
                frame[12] = random.next() & 1 == 0 ? 0x08 : 0x86
                frame[13] = frame[12] == 0x08 ? 0x00 : 0xDD
            }
            _ = Self.warm(frame, state, view)
        }
        #expect(state.engine.connections.count == before)
    }
}
