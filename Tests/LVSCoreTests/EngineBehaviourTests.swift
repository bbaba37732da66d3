import LVSVocabulary
import Testing

@testable import LVSCore

@Suite struct EngineBehaviourTests {
    typealias L = EngineLab
    let web = ServiceKey.address(.tcp, EngineLab.vip, 80)

    @Test func packetsThatAreNotIPVSBusiness() throws {
        var lab = EngineLab()
        try lab.add(web, servers: [(L.drServer1, 80)], forward: .route)
        #expect(lab.send(.tcp(from: L.client, 1, to: L.vip, 22, flags: .syn, length: 60)) == .pass(.noService))
        #expect(lab.send(.tcp(from: L.client, 1, to: L.vip, 80, flags: .ack, length: 52)) == .pass(.notConnectionStart))
        #expect(
            lab.send(.tcp(from: L.client, 1, to: L.vip, 80, flags: [.syn, .rst], length: 52))
                == .pass(.notConnectionStart))
        #expect(lab.send(.tcp(from: L.client, 20, to: L.vip, 80, flags: .syn, length: 60)) == .pass(.ftpData))
        #expect(
            lab.send(
                PacketMeta(
                    ipProtocol: 1, source: L.client, sourcePort: 0, destination: L.vip,
                    destinationPort: 0, length: 84)) == .pass(.unsupportedProtocol))
        #expect(
            lab.send(.tcp(from: InetAddress("2001:db8::1")!, 1, to: L.vip, 80, flags: .syn, length: 60))
                == .drop(.malformed))
        #expect(lab.engine.connections.count == 0)
    }

    @Test func sloppyTCPCreatesConnectionsFromAnySegment() throws {
        var s = IPVSSysctls()
        s.sloppyTCP = true
        var lab = EngineLab(sysctls: s)
        try lab.add(web, servers: [(L.drServer1, 80)], forward: .route)
        guard case .forward = lab.send(.tcp(from: L.client, 1, to: L.vip, 80, flags: .ack, length: 52)) else {
            Issue.record("not forwarded")
            return
        }
        #expect(lab.connectionLines() == ["TCP ESTABLISHED 198.18.0.1:1 198.18.0.100:80 198.18.0.11:80"])
        #expect(lab.server(web, L.drServer1, 80)!.activeConnections == 1)
    }

    @Test func noUsableServerRejects() throws {
        var lab = EngineLab()
        try lab.add(web, servers: [(L.drServer1, 80)], forward: .route)
        try lab.engine.apply(
            .editDestination(
                web,
                DestinationConfig(
                    key: DestinationKey(address: L.drServer1, port: 80), forward: .route, weight: 0)), now: lab.now)
        #expect(lab.send(.tcp(from: L.client, 1, to: L.vip, 80, flags: .syn, length: 60)) == .reject)
        // A non-persistent port-0 service cannot take a packet for another port either.
        let any = ServiceKey.address(.tcp, L.vip2, 0)
        try lab.add(any, servers: [(L.drServer1, 0)], forward: .route)
        #expect(lab.send(.tcp(from: L.client, 1, to: L.vip2, 443, flags: .syn, length: 60)) == .reject)
    }

    @Test func connectionsExpireByTheirStateTimeout() throws {
        var lab = EngineLab()
        try lab.add(web, servers: [(L.drServer1, 80)], forward: .route)
        lab.send(.tcp(from: L.client, 1, to: L.vip, 80, flags: .syn, length: 60))  // SYN_RECV: 60 s
        lab.advance(ms: 59_000)
        #expect(lab.engine.connections.count == 1)
        lab.advance(ms: 1_000)
        #expect(lab.engine.connections.count == 0)
        let s = lab.server(web, L.drServer1, 80)!
        #expect(s.activeConnections == 0 && s.inactiveConnections == 0)
        // --set shortens ESTABLISHED for the next packet.
        try lab.engine.apply(.setTimeouts(IPVSTimeouts(tcp: 5, tcpFin: 0, udp: 0)), now: lab.now)
        lab.send(.tcp(from: L.client, 2, to: L.vip, 80, flags: .syn, length: 60))
        lab.send(.tcp(from: L.client, 2, to: L.vip, 80, flags: .ack, length: 52))
        #expect(lab.rows()[0].expiresInMilliseconds == 5_000)
        lab.advance(ms: 5_000)
        #expect(lab.engine.connections.count == 0)
    }

    @Test func templateOutlivesItsConnectionsByOneRetry() throws {
        var lab = EngineLab()
        try lab.add(web, flags: .persistent, timeout: 60, servers: [(L.drServer1, 80)], forward: .route)
        lab.http(from: 1)  // FIN_WAIT, 120 s
        lab.advance(ms: 61_000)
        // The template is due but still controls the connection: it waits 60 s more.
        #expect(lab.engine.connections.count == 2)
        #expect(lab.server(web, L.drServer1, 80)!.persistentConnections == 1)
        lab.advance(ms: 59_000)
        #expect(lab.engine.connections.count == 1)  // the connection went at 120 s
        lab.advance(ms: 2_000)
        #expect(lab.engine.connections.count == 0)
        #expect(lab.server(web, L.drServer1, 80)!.persistentConnections == 0)
    }

    @Test func deletedServerKeepsItsConnectionsUntilTheyExpire() throws {
        var lab = EngineLab()
        try lab.add(web, servers: [(L.drServer1, 80), (L.drServer2, 80)], forward: .route)
        lab.send(.tcp(from: L.client, 1, to: L.vip, 80, flags: .syn, length: 60))  // -> r2
        let r2 = lab.server(web, L.drServer2, 80)!
        try lab.engine.apply(.deleteDestination(web, DestinationKey(address: L.drServer2, port: 80)), now: lab.now)
        #expect(lab.engine.table.trash.count == 1)
        #expect(
            lab.send(.tcp(from: L.client, 1, to: L.vip, 80, flags: .ack, length: 52)) == .drop(.destinationUnavailable))
        #expect(r2.counters.inPackets == 1)
        lab.advance(ms: 60_000)
        #expect(lab.engine.connections.count == 0 && lab.engine.table.trash.isEmpty)
        #expect(r2.activeConnections == 0)
    }

    @Test func expireNodestConnFlushesAndReschedules() throws {
        var s = IPVSSysctls()
        s.expireNodestConn = true
        var lab = EngineLab(sysctls: s)
        try lab.add(
            web, flags: .persistent, timeout: 300, servers: [(L.drServer1, 80), (L.drServer2, 80)],
            forward: .route)
        lab.http(from: 1)
        #expect(lab.engine.connections.count == 2)
        try lab.engine.apply(.deleteDestination(web, DestinationKey(address: L.drServer2, port: 80)), now: lab.now)
        #expect(lab.engine.connections.count == 0 && lab.engine.table.trash.isEmpty)
        guard case .forward(let f) = lab.send(.tcp(from: L.client, 1, to: L.vip, 80, flags: .syn, length: 60)) else {
            Issue.record("not forwarded")
            return
        }
        #expect(f.address == L.drServer1)
    }

    @Test func quiescedServerGetsNewSYNsRescheduledWithExpireNodestConn() throws {
        var s = IPVSSysctls()
        s.expireNodestConn = true
        var lab = EngineLab(sysctls: s)
        try lab.add(web, servers: [(L.drServer1, 80), (L.drServer2, 80)], forward: .route)
        lab.send(.tcp(from: L.client, 1, to: L.vip, 80, flags: .syn, length: 60))  // -> r2
        try lab.engine.apply(
            .editDestination(
                web,
                DestinationConfig(
                    key: DestinationKey(address: L.drServer2, port: 80), forward: .route, weight: 0)), now: lab.now)
        // An established flow keeps going to the quiesced server; a new SYN moves.
        guard case .forward(let f) = lab.send(.tcp(from: L.client, 1, to: L.vip, 80, flags: .syn, length: 60)) else {
            Issue.record("not forwarded")
            return
        }
        #expect(f.address == L.drServer1)
        #expect(lab.server(web, L.drServer2, 80)!.activeConnections == 0)
    }

    @Test func upperThresholdOverloadsAndLowerReleases() throws {
        var lab = EngineLab()
        try lab.add(web, servers: [(L.drServer1, 80), (L.drServer2, 80)], forward: .route, upper: 2, lower: 1)
        for port in 1...4 as ClosedRange<UInt16> {
            lab.send(.tcp(from: L.client, port, to: L.vip, 80, flags: .syn, length: 60))
        }
        let r1 = lab.server(web, L.drServer1, 80)!
        let r2 = lab.server(web, L.drServer2, 80)!
        #expect(r1.isOverloaded && r2.isOverloaded)
        #expect(lab.send(.tcp(from: L.client, 5, to: L.vip, 80, flags: .syn, length: 60)) == .reject)
        // RST in SYN_RECV keeps SYN_RECV (INPUT-ONLY table); after the ACK it closes (10 s).
        lab.send(.tcp(from: L.client, 1, to: L.vip, 80, flags: .rst, length: 40))
        #expect(lab.rows().contains { $0.clientPort == 1 && $0.stateName == "SYN_RECV" })
        lab.send(.tcp(from: L.client, 1, to: L.vip, 80, flags: .ack, length: 40))
        lab.send(.tcp(from: L.client, 1, to: L.vip, 80, flags: .rst, length: 40))
        lab.advance(ms: 10_000)
        #expect(r2.activeConnections + r2.inactiveConnections == 1 && r2.isOverloaded)  // 1 is not < 1
    }

    @Test func fwmarkAndPortZeroPersistence() throws {
        var lab = EngineLab()
        let mark = ServiceKey.fwmark(7, .inet)
        try lab.add(mark, flags: .persistent, timeout: 100, netmask: 24, servers: [(L.drServer1, 0)], forward: .route)
        lab.send(.tcp(from: L.client, 1, to: L.vip, 443, flags: .syn, length: 60, fwmark: 7))
        lab.send(.udp(from: InetAddress("198.18.0.77")!, 5, to: L.vip2, 53, length: 60, fwmark: 7))
        #expect(
            lab.connectionLines() == [
                "IP NONE 198.18.0.0:0 0.0.0.7:0 198.18.0.11:0",
                "TCP SYN_RECV 198.18.0.1:1 198.18.0.100:443 198.18.0.11:443",
                "UDP UDP 198.18.0.77:5 198.18.0.101:53 198.18.0.11:53",
            ])
        let any = ServiceKey.address(.tcp, L.vip2, 0)
        try lab.add(any, flags: .persistent, timeout: 100, servers: [(L.drServer2, 0)], forward: .route)
        lab.send(.tcp(from: L.client, 9, to: L.vip2, 8443, flags: .syn, length: 60))
        #expect(lab.connectionLines().contains("TCP NONE 198.18.0.1:0 198.18.0.101:0 198.18.0.12:0"))
        #expect(lab.connectionLines().contains("TCP SYN_RECV 198.18.0.1:9 198.18.0.101:8443 198.18.0.12:8443"))
    }

    @Test func estimatorRunsEveryTwoSeconds() throws {
        var lab = EngineLab()
        try lab.add(web, servers: [(L.drServer1, 80)], forward: .route)
        lab.engine.tick(now: lab.now)
        for port in 1001...1100 as ClosedRange<UInt16> {
            lab.send(.tcp(from: L.client, port, to: L.vip, 80, flags: .syn, length: 60))
        }
        lab.advance(ms: 1_800)
        #expect(lab.engine.table.service(web)!.estimator.rates.cps == 0)
        lab.advance(ms: 200)
        let snap = lab.engine.snapshot(now: lab.now, includeConnections: false)
        #expect(snap.services[0].rates.cps == 12 && snap.services[0].rates.inPPS == 12)
        #expect(snap.services[0].destinations[0].rates.inBPS == (100 * 60 * 16 / 4 + 15) / 32)
        #expect(lab.engine.totalEstimator.rates.cps == 12)
    }

    /// Random packets never trap, and the ActiveConn/InActConn/PersistConn counters always
    /// equal what the connection table holds; once everything expires they are back at zero.
    @Test func randomTrafficKeepsTheBooks() throws {
        var s = IPVSSysctls()
        s.expireNodestConn = true
        var lab = EngineLab(sysctls: s)
        try lab.add(
            web, flags: .persistent, timeout: 30, servers: [(L.natServer1, 8080), (L.natServer2, 8080)],
            forward: .masquerade, upper: 50)
        try lab.add(.address(.udp, L.vip, 53), flags: .onePacket, servers: [(L.drServer1, 53)], forward: .route)
        try lab.add(.address(.tcp, L.vip2, 80), servers: [(L.drServer1, 80), (L.drServer2, 80)], forward: .tunnel)
        var rng = SplitMix64(seed: 42)
        let flagsChoices: [TCPFlags] = [.syn, .ack, [.fin, .ack], .rst, [.psh, .ack], [], [.syn, .ack]]
        for i in 0..<20_000 {
            let fromServer = rng.next() % 4 == 0
            let vip = rng.next() % 2 == 0 ? L.vip : L.vip2
            let cport = UInt16(truncatingIfNeeded: 1000 + rng.next() % 64)
            let proto: UInt8 = rng.next() % 5 == 0 ? 17 : 6
            let flags = flagsChoices[Int(rng.next() % UInt64(flagsChoices.count))]
            let p: PacketMeta
            if fromServer {
                let server = rng.next() % 2 == 0 ? L.natServer1 : L.natServer2
                p = PacketMeta(
                    ipProtocol: proto, source: server, sourcePort: 8080, destination: L.client,
                    destinationPort: cport, tcpFlags: flags, length: 40, origin: .realServer)
            } else {
                p = PacketMeta(
                    ipProtocol: proto, source: L.client, sourcePort: cport, destination: vip,
                    destinationPort: proto == 17 ? 53 : 80, tcpFlags: flags,
                    length: UInt32(truncatingIfNeeded: rng.next() % 1500), fwmark: 0)
            }
            _ = lab.engine.process(p, now: lab.now)
            if i % 1000 == 999 {
                lab.advance(ms: 7_000)
                if i == 9_999 {
                    try lab.engine.apply(
                        .deleteDestination(web, DestinationKey(address: L.natServer2, port: 8080)),
                        now: lab.now)
                }
            }
            if i % 500 == 0 { checkBooks(lab) }
        }
        checkBooks(lab)
        lab.advance(ms: 3_600_000)
        lab.advance(ms: 3_600_000)
        #expect(lab.engine.connections.count == 0)
        for svc in lab.engine.table.services {
            for d in svc.destinations {
                #expect(d.activeConnections == 0 && d.inactiveConnections == 0 && d.persistentConnections == 0)
            }
        }
        #expect(lab.engine.table.trash.isEmpty)
    }

    func checkBooks(_ lab: EngineLab) {
        var expected: [ObjectIdentifier: (Int32, Int32, Int32)] = [:]
        lab.engine.connections.forEach { _, e in
            guard let d = lab.engine.registry.server(e.destination) else { return }
            var c = expected[ObjectIdentifier(d)] ?? (0, 0, 0)
            if e.isTemplate { c.2 += 1 } else if e.flags.contains(.inactive) { c.1 += 1 } else { c.0 += 1 }
            expected[ObjectIdentifier(d)] = c
        }
        var servers = lab.engine.table.services.flatMap(\.destinations)
        servers += lab.engine.table.trash.map(\.server)
        for d in servers {
            let c = expected[ObjectIdentifier(d)] ?? (0, 0, 0)
            #expect(d.activeConnections == c.0 && d.inactiveConnections == c.1 && d.persistentConnections == c.2)
        }
    }
}
