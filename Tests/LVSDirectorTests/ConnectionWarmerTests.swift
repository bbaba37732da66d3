import LVSCore
import LVSTestSupport
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSDirector

/// The warm-up announces the lookup of the connection the frame will be processed against (or it
/// warms the wrong lines and is useless), for client frames and NAT replies, and any bytes are safe.
@Suite struct ConnectionWarmerTests {
    typealias W = World

    /// Warms `bytes`, then returns how many connection entries the table asked the cache for
    /// (the announced lookups that found an entry).
    static func warm(_ bytes: [UInt8], _ state: WorkerState, _ view: NetworkView) -> Int {
        var input = bytes
        input.withUnsafeMutableBytes { raw in
            ConnectionWarmer.warm(FrameBuffer(raw), table: state.engine.connections, view: view)
        }
        return state.engine.connections.prefetchPendingEntries()
    }

    @Test func announcesTheClientsConnectionAndTheNATReplys() throws {
        let state = try W.state([W.service(), W.server(W.nat1, port: 8080, .masquerade)])
        let view = W.snapshot()
        let request = clientTCP(port: 41000)
        // No connection yet: nothing to bring in.
        #expect(Self.warm(request, state, view) == 0)
        _ = run(request, state: state, snapshot: view)
        #expect(
            state.engine.connections.lookup(
                proto: 6, client: W.client, clientPort: 41000, virtual: W.vip, virtualPort: 80) >= 0)
        #expect(Self.warm(clientTCP(port: 41000, flags: [.ack]), state, view) == 1)
        // Another client port of the same client has no connection.
        #expect(Self.warm(clientTCP(port: 41001, flags: [.ack]), state, view) == 0)
        let reply = tcpFrame(
            dst: W.eth1MAC, src: W.nat1MAC, from: W.nat1, 8080, to: W.client, 41000, flags: [.syn, .ack])
        #expect(Self.warm(reply, state, view) == 1)
        let otherReply = tcpFrame(
            dst: W.eth1MAC, src: W.nat1MAC, from: W.nat1, 8080, to: W.client, 41001, flags: [.syn, .ack])
        #expect(Self.warm(otherReply, state, view) == 0)
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
