import LVSVocabulary
import Testing

@testable import LVSCore

/// The packet sequences of Fixtures/oracle/conn/*.sh replayed through the engine; the expected
/// values are what the kernel printed there (.out files).
@Suite struct EngineOracleReplayTests {
    typealias L = EngineLab
    let web = ServiceKey.address(.tcp, EngineLab.vip, 80)

    func counts(_ lab: EngineLab, _ a: InetAddress, _ p: UInt16) -> (Int32, Int32, Int32) {
        let s = lab.server(web, a, p)!
        return (s.activeConnections, s.inactiveConnections, s.persistentConnections)
    }

    /// dr-tcp-rr: three requests, rr, DR. The director sees only the client's segments.
    @Test func directRoutingRoundRobin() throws {
        var lab = EngineLab()
        try lab.add(web, servers: [(L.drServer1, 80), (L.drServer2, 80)], forward: .route)
        // Packet by packet for the first connection: states and ActiveConn as the kernel moves them.
        let r2 = lab.server(web, L.drServer2, 80)!
        var v = lab.send(.tcp(from: L.client, 38358, to: L.vip, 80, flags: .syn, length: 60))
        guard case .forward(let f) = v else {
            Issue.record("\(v)")
            return
        }
        #expect(f.method == .route && f.address == L.drServer2 && f.port == 80)  // rr's first pick: last added
        #expect(lab.rows().map(\.stateName) == ["SYN_RECV"])
        #expect(r2.activeConnections == 1 && r2.inactiveConnections == 0)  // SYN_RECV counts active
        lab.send(.tcp(from: L.client, 38358, to: L.vip, 80, flags: .ack, length: 52))
        #expect(lab.rows().map(\.stateName) == ["ESTABLISHED"])
        lab.send(.tcp(from: L.client, 38358, to: L.vip, 80, flags: [.psh, .ack], length: 127))
        lab.send(.tcp(from: L.client, 38358, to: L.vip, 80, flags: .ack, length: 52))
        lab.send(.tcp(from: L.client, 38358, to: L.vip, 80, flags: .ack, length: 52))
        lab.send(.tcp(from: L.client, 38358, to: L.vip, 80, flags: .ack, length: 52))
        v = lab.send(.tcp(from: L.client, 38358, to: L.vip, 80, flags: [.fin, .ack], length: 52))
        #expect(lab.rows().map(\.stateName) == ["FIN_WAIT"])
        #expect(r2.activeConnections == 0 && r2.inactiveConnections == 1)
        #expect(lab.rows()[0].expiresInMilliseconds == 120_000)

        lab.http(from: 38374)
        lab.http(from: 38390)
        #expect(
            lab.connectionLines() == [
                "TCP FIN_WAIT 198.18.0.1:38358 198.18.0.100:80 198.18.0.12:80",
                "TCP FIN_WAIT 198.18.0.1:38374 198.18.0.100:80 198.18.0.11:80",
                "TCP FIN_WAIT 198.18.0.1:38390 198.18.0.100:80 198.18.0.12:80",
            ])
        #expect(counts(lab, L.drServer1, 80) == (0, 1, 0))
        #expect(counts(lab, L.drServer2, 80) == (0, 2, 0))
        // Kernel: 3 conns; r1 7 packets 447 bytes (in the kernel run one of r2's connections had
        // 6 segments, 13/842; ours has two full exchanges). DR: OutPkts stay 0.
        let r1 = lab.server(web, L.drServer1, 80)!
        #expect(r1.counters.connections == 1 && r1.counters.inPackets == 7 && r1.counters.inBytes == 447)
        #expect(r2.counters.connections == 2 && r2.counters.inPackets == 14 && r2.counters.inBytes == 894)
        let svc = lab.engine.table.service(web)!
        #expect(svc.counters.connections == 3 && svc.counters.inPackets == 21 && svc.counters.outPackets == 0)
        #expect(lab.engine.totalCounters.inBytes == 1341)
        // A DR reply that does come through is not IPVS's business.
        #expect(
            lab.send(
                .tcp(
                    from: L.drServer2, 80, to: L.client, 38358, flags: .ack, length: 52,
                    origin: .realServer)) == .pass(.noConnection))
    }

    /// nat-tcp-rr: the same through NAT; both directions counted, the INPUT/OUTPUT tables end
    /// in TIME_WAIT. Kernel totals: 3 conns, 21 in / 15 out packets, 1341 / 1449 bytes.
    @Test func natRoundRobin() throws {
        var lab = EngineLab()
        try lab.add(web, servers: [(L.natServer1, 8080), (L.natServer2, 8080)], forward: .masquerade)
        let first = lab.http(from: 43388, replies: true)
        guard case .forward(let f) = first[0] else {
            Issue.record("\(first[0])")
            return
        }
        #expect(f.method == .masquerade && f.address == L.natServer2 && f.port == 8080)
        let reply = lab.send(
            .tcp(
                from: L.natServer2, 8080, to: L.client, 43388, flags: .ack, length: 52,
                origin: .realServer))
        #expect(
            reply
                == .natReply(
                    NATReplyAction(
                        virtualAddress: L.vip, virtualPort: 80,
                        connection: f.connection!)))
        lab.http(from: 43404, replies: true)
        lab.http(from: 43410, replies: true)
        #expect(
            lab.connectionLines() == [
                "TCP TIME_WAIT 198.18.0.1:43388 198.18.0.100:80 198.18.1.12:8080",
                "TCP TIME_WAIT 198.18.0.1:43404 198.18.0.100:80 198.18.1.11:8080",
                "TCP TIME_WAIT 198.18.0.1:43410 198.18.0.100:80 198.18.1.12:8080",
            ])
        #expect(counts(lab, L.natServer1, 8080) == (0, 1, 0))
        #expect(counts(lab, L.natServer2, 8080) == (0, 2, 0))
        let s1 = lab.server(web, L.natServer1, 8080)!.counters
        #expect([s1.connections, s1.inPackets, s1.outPackets, s1.inBytes, s1.outBytes] == [1, 7, 5, 447, 483])
        let s2 = lab.server(web, L.natServer2, 8080)!.counters
        // One extra reply ACK above (the reply check).
        #expect([s2.connections, s2.inPackets, s2.outPackets, s2.inBytes, s2.outBytes] == [2, 14, 11, 894, 1018])
        let t = lab.engine.totalCounters
        #expect([t.connections, t.inPackets, t.inBytes] == [3, 21, 1341])
    }

    /// reuse-nat: the client reuses port 40000 while the director holds TIME_WAIT; the SYN
    /// expires the old connection and rr schedules the next server.
    @Test func portReuseReschedulesFromTimeWait() throws {
        var lab = EngineLab()
        try lab.add(web, servers: [(L.natServer1, 8080), (L.natServer2, 8080)], forward: .masquerade)
        lab.http(from: 40000, replies: true)
        #expect(lab.connectionLines() == ["TCP TIME_WAIT 198.18.0.1:40000 198.18.0.100:80 198.18.1.12:8080"])
        lab.advance(ms: 2000)
        let second = lab.http(from: 40000, replies: true)
        guard case .forward(let f) = second[0] else {
            Issue.record("\(second[0])")
            return
        }
        #expect(f.address == L.natServer1)
        #expect(lab.connectionLines() == ["TCP TIME_WAIT 198.18.0.1:40000 198.18.0.100:80 198.18.1.11:8080"])
        #expect(counts(lab, L.natServer1, 8080) == (0, 1, 0))
        #expect(counts(lab, L.natServer2, 8080) == (0, 0, 0))
        let s2 = lab.server(web, L.natServer2, 8080)!.counters
        #expect([s2.connections, s2.inPackets, s2.outPackets] == [1, 7, 5])
    }

    /// persist-dr: -p 60 sends the client's connections to one server through an ASSURED
    /// template; a quiesced server keeps it until expire_quiescent_template, which invalidates
    /// the template (ports 65535) and makes a new one for the other server.
    @Test func persistenceTemplates() throws {
        var lab = EngineLab()
        try lab.add(
            web, flags: .persistent, timeout: 60, servers: [(L.drServer1, 80), (L.drServer2, 80)],
            forward: .route)
        lab.http(from: 40004)
        lab.http(from: 40016)
        lab.http(from: 40028)
        #expect(
            lab.connectionLines() == [
                "TCP ASSURED 198.18.0.1:0 198.18.0.100:80 198.18.0.12:80",
                "TCP FIN_WAIT 198.18.0.1:40004 198.18.0.100:80 198.18.0.12:80",
                "TCP FIN_WAIT 198.18.0.1:40016 198.18.0.100:80 198.18.0.12:80",
                "TCP FIN_WAIT 198.18.0.1:40028 198.18.0.100:80 198.18.0.12:80",
            ])
        #expect(counts(lab, L.drServer1, 80) == (0, 0, 0))
        #expect(counts(lab, L.drServer2, 80) == (0, 3, 1))
        #expect(lab.server(web, L.drServer2, 80)!.counters.connections == 3)

        try lab.engine.apply(
            .editDestination(
                web,
                DestinationConfig(
                    key: DestinationKey(address: L.drServer2, port: 80), forward: .route, weight: 0)), now: lab.now)
        lab.http(from: 40038)
        lab.engine.sysctls.expireQuiescentTemplate = true
        lab.http(from: 40054)
        #expect(
            lab.connectionLines() == [
                "TCP ASSURED 198.18.0.1:0 198.18.0.100:65535 198.18.0.12:65535",
                "TCP ASSURED 198.18.0.1:0 198.18.0.100:80 198.18.0.11:80",
                "TCP FIN_WAIT 198.18.0.1:40004 198.18.0.100:80 198.18.0.12:80",
                "TCP FIN_WAIT 198.18.0.1:40016 198.18.0.100:80 198.18.0.12:80",
                "TCP FIN_WAIT 198.18.0.1:40028 198.18.0.100:80 198.18.0.12:80",
                "TCP FIN_WAIT 198.18.0.1:40038 198.18.0.100:80 198.18.0.12:80",
                "TCP FIN_WAIT 198.18.0.1:40054 198.18.0.100:80 198.18.0.11:80",
            ])
        #expect(counts(lab, L.drServer1, 80) == (0, 1, 1))
        #expect(counts(lab, L.drServer2, 80) == (0, 4, 1))
        let svc = lab.engine.table.service(web)!
        #expect(svc.counters.connections == 5 && svc.counters.inPackets == 35)
    }

    /// udp-dr-ops: one datagram to a normal UDP service leaves a "UDP" connection; one to a
    /// one-packet service is counted but leaves nothing.
    @Test func udpAndOnePacketScheduling() throws {
        var lab = EngineLab()
        let dns = ServiceKey.address(.udp, L.vip, 53)
        let ops = ServiceKey.address(.udp, L.vip2, 53)
        try lab.add(dns, servers: [(L.drServer1, 53), (L.drServer2, 53)], forward: .route)
        try lab.add(ops, flags: .onePacket, servers: [(L.drServer1, 53), (L.drServer2, 53)], forward: .route)
        lab.send(.udp(from: L.client, 52733, to: L.vip, 53, length: 58))
        let v = lab.send(.udp(from: L.client, 41000, to: L.vip2, 53, length: 58))
        guard case .forward(let f) = v else {
            Issue.record("\(v)")
            return
        }
        #expect(f.address == L.drServer2 && f.connection == nil)
        #expect(lab.connectionLines() == ["UDP UDP 198.18.0.1:52733 198.18.0.100:53 198.18.0.12:53"])
        #expect(lab.rows()[0].expiresInMilliseconds == 300_000 - 1)  // one packet (1 ms) later
        #expect(lab.server(dns, L.drServer2, 53)!.inactiveConnections == 1)
        let o = lab.server(ops, L.drServer2, 53)!
        #expect(
            o.inactiveConnections == 0 && o.counters.connections == 1 && o.counters.inPackets == 1
                && o.counters.inBytes == 58)
        // The next datagram of the same socket is scheduled again: rr moves on.
        guard case .forward(let g) = lab.send(.udp(from: L.client, 41000, to: L.vip2, 53, length: 58)) else {
            Issue.record("no forward")
            return
        }
        #expect(g.address == L.drServer1)
    }
}
