import LVSCore
import LVSTestSupport
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSSync

/// Several active directors behind ECMP (issue 13), each running the sync daemon as master and
/// backup on one group, as the kernel allows since 3.x: a flow the router moves from A to B
/// keeps its real server under rr (state B could not recompute) and a persistent client keeps
/// its server for new connections at B.
@Suite struct ActiveDirectorsSyncTests {
    typealias F = SyncFailoverTests

    /// The failover test's table with both daemons (master and backup, one sync id).
    static func table() -> [AdminOperation] {
        var ops = F.table(master: true)
        ops.append(.startSyncDaemon(SyncDaemonConfig(role: .backup, interface: "eth0", syncID: 7)))
        return ops
    }

    /// Two directors holding that table, with sloppy_tcp (as `--bgp-peer` sets it).
    static func twoDirectors(now: Instant) throws -> (IPVSEngine, IPVSEngine) {
        var sloppy = IPVSSysctls()
        sloppy.sloppyTCP = true
        let engines = (IPVSEngine(), IPVSEngine())
        for engine in [engines.0, engines.1] {
            engine.sysctls = sloppy
            try engine.apply(table(), now: now)
        }
        return engines
    }

    @Test func movedFlowsAndPersistentClientsKeepTheirServersOnEveryDirector() throws {
        var now = Instant.seconds(1000)
        let (a, b) = try Self.twoDirectors(now: now)
        #expect(a.snapshot(now: now, includeConnections: false).syncDaemons.count == 2)
        var fromA = SyncReceiver(syncID: 7)
        var fromB = SyncReceiver(syncID: 7)

        // A's rr moves on with a first client; the flow under test then gets A's second server,
        // which B's own rr (still at its first) would not pick.
        func connect(_ engine: IPVSEngine, _ port: UInt16, _ vport: UInt16) -> ForwardAction? {
            var last: ForwardAction?
            for flags: TCPFlags in [[.syn], [.ack], [.ack, .psh]] {
                now = now + 1
                if case .forward(let action) = engine.process(F.tcp(port, vport, flags), now: now) { last = action }
            }
            return last
        }
        _ = try #require(connect(a, 41000, 82))
        let moved = try #require(connect(a, 41001, 82))
        let pinned = try #require(connect(a, 41002, 443))
        // B serves a client of its own meanwhile; both directors send and receive.
        _ = try #require(connect(b, 42000, 82))
        _ = F.sync(a, to: b, receiver: &fromA, now: now)
        _ = F.sync(b, to: a, receiver: &fromB, now: now)
        #expect(fromA.counters.entries > 0 && fromB.counters.entries > 0)
        #expect(fromA.counters.dropTotal == 0 && fromB.counters.dropTotal == 0)

        // The router moves the flow to B mid-connection: same server.
        now = now + 1
        guard case .forward(let atB) = b.process(F.tcp(41001, 82, [.ack]), now: now) else {
            Issue.record("the moved flow was not forwarded by B")
            return
        }
        #expect(atB.address == moved.address && atB.port == moved.port)
        // A new connection of the persistent client, now at B: the synced template's server.
        let again = try #require(connect(b, 41003, 443))
        #expect(again.address == pinned.address)
        // And A learned B's client: its mid-flow packet at A goes where B sent it.
        let bClient = try #require(
            b.snapshot(now: now, includeConnections: true).connections.first { $0.clientPort == 42000 })
        now = now + 1
        guard case .forward(let atA) = a.process(F.tcp(42000, 82, [.ack]), now: now) else {
            Issue.record("B's flow was not forwarded by A")
            return
        }
        #expect(atA.address == bClient.destinationAddress)
    }

    /// The control: without sync, B's own rr sends the moved flow elsewhere.
    @Test func withoutSyncTheMovedFlowLandsElsewhere() throws {
        var now = Instant.seconds(1000)
        let (a, b) = try Self.twoDirectors(now: now)
        var picks: [InetAddress] = []
        for port: UInt16 in [41000, 41001] {
            for flags: TCPFlags in [[.syn], [.ack]] {
                now = now + 1
                if case .forward(let action) = a.process(F.tcp(port, 82, flags), now: now), port == 41001 {
                    picks.append(action.address)
                }
            }
        }
        now = now + 1
        guard case .forward(let atB) = b.process(F.tcp(41001, 82, [.ack]), now: now) else {
            Issue.record("not forwarded")
            return
        }
        #expect(atB.address != picks.last)
    }
}
