import LVSCore
import LVSTestSupport
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSDirector

/// A director's connection table written as a checkpoint and put back into fresh workers:
/// packets in, verdicts and `ipvsadm -L -n -c` rows out.
@Suite struct ConnectionCheckpointTests {
    static let client = addr("198.18.0.1")
    static let client2 = addr("198.18.0.77")
    static let vip = addr("198.18.0.50")
    static let vip6 = addr("2001:db8::50")
    static let client6 = addr("2001:db8::1")
    static let dr = addr("198.18.0.11")
    static let dr2 = addr("198.18.0.12")
    static let nat1 = addr("198.18.1.11")
    static let nat2 = addr("198.18.1.12")

    /// A DR, a NAT (two servers, rr) and a persistent DR service, and an IPv6 UDP DR service.
    static let table: [AdminOperation] = {
        func service(_ port: UInt16, _ flags: ServiceFlags = [], timeout: UInt32 = 0) -> ServiceConfig {
            ServiceConfig(key: .address(.tcp, vip, port), scheduler: "rr", flags: flags, timeout: timeout)
        }
        func server(_ a: InetAddress, _ port: UInt16, _ forward: ForwardMethod) -> DestinationConfig {
            DestinationConfig(key: DestinationKey(address: a, port: port), forward: forward)
        }
        return [
            .addService(service(80)), .addDestination(.address(.tcp, vip, 80), server(dr, 80, .route)),
            .addService(service(82)),
            .addDestination(.address(.tcp, vip, 82), server(nat1, 8080, .masquerade)),
            .addDestination(.address(.tcp, vip, 82), server(nat2, 8080, .masquerade)),
            .addService(service(443, .persistent, timeout: 300)),
            .addDestination(.address(.tcp, vip, 443), server(dr, 443, .route)),
            .addDestination(.address(.tcp, vip, 443), server(dr2, 443, .route)),
            .addService(ServiceConfig(key: .address(.udp, vip6, 53), scheduler: "rr")),
            .addDestination(.address(.udp, vip6, 53), server(addr("2001:db8::11"), 53, .route)),
        ]
    }()

    static func rows(_ engines: [IPVSEngine], now: Instant) -> [String] {
        engines.flatMap { engine in
            engine.snapshot(now: now, includeConnections: true).connections.map {
                "\($0.proto.map { "\($0)" } ?? "IP") \($0.stateName) \($0.clientAddress):\($0.clientPort) "
                    + "\($0.virtualAddress):\($0.virtualPort) \($0.destinationAddress):\($0.destinationPort)"
            }
        }.sorted()
    }

    @Test(
        "checkpoint and restore: each connection lands in the worker that sees its client, established connections go on to the same real server, NAT replies and persistence too"
    )
    func roundTrip() throws {
        var now = Instant.seconds(1000)
        let before = IPVSEngine()
        try before.apply(Self.table, now: now)
        var chosen: [String: ForwardAction] = [:]
        let flows: [(InetAddress, UInt16, UInt16)] = [
            (Self.client, 40001, 80), (Self.client, 40003, 82), (Self.client, 40004, 82), (Self.client, 40005, 443),
            (Self.client2, 40006, 80), (Self.client2, 40007, 82),
        ]
        for (client, port, vport) in flows {
            for flags: TCPFlags in [[.syn], [.ack], [.ack, .psh]] {
                now = now + 1
                let packet = PacketMeta.tcp(from: client, port, to: Self.vip, vport, flags: flags, length: 60)
                if case .forward(let action) = before.process(packet, now: now) { chosen["\(client):\(port)"] = action }
            }
        }
        _ = before.process(.udp(from: Self.client6, 5353, to: Self.vip6, 53, length: 40), now: now)
        let original = Self.rows([before], now: now)
        #expect(original.count == 8)  // six TCP, one UDP, one template

        // Read in jobs of three slots, so the walk resumes several times.
        let source = WorkerSlot(engine: before)
        var chunks = 0
        var bytes = ConnectionCheckpoint.magic
        var count = 0
        Director.forEachCheckpointChunk(of: [source], slotsPerJob: 3) { chunk in
            chunks += 1
            count += chunk.count
            ConnectionCheckpoint.appendMessages(chunk, to: &bytes)
        }
        #expect(count == 8)
        #expect(chunks >= 3)
        #expect(bytes.starts(with: ConnectionCheckpoint.magic))
        let decoded = try ConnectionCheckpoint.decode(bytes).get()
        #expect(decoded.skipped == 0)
        #expect(decoded.entries.count == 8)

        // A restarted director: the same table, two workers, the checkpoint applied.
        let slots = (0..<2).map { _ in WorkerSlot(engine: IPVSEngine()) }
        let restoredAt = now
        for slot in slots {
            let applied = slot.perform { state in Result { try state.engine.apply(Self.table, now: restoredAt) } }
            try applied.get()
        }
        Director.restore(decoded.entries, into: slots, now: now)
        let workers = slots.map { slot in slot.perform { $0.engine } }
        #expect(Self.rows(workers, now: now) == original)
        for (worker, engine) in workers.enumerated() {
            for row in engine.snapshot(now: now, includeConnections: true).connections {
                #expect(ClientFlowSteering.worker(forClient: row.clientAddress, workers: 2) == worker)
            }
        }

        // Mid-connection packets (no SYN) go where they went before the restart.
        for (client, port, vport) in flows {
            now = now + 1
            let engine = workers[ClientFlowSteering.worker(forClient: client, workers: 2)]
            let verdict = engine.process(
                .tcp(from: client, port, to: Self.vip, vport, flags: [.ack], length: 60), now: now)
            guard case .forward(let action) = verdict else {
                Issue.record("\(client):\(port): \(verdict)")
                continue
            }
            let was = try #require(chosen["\(client):\(port)"])
            #expect(action.method == was.method)
            #expect(action.address == was.address)
            #expect(action.port == was.port)
        }
        let natServer = try #require(chosen["\(Self.client):40004"]?.address)
        let reply = PacketMeta.tcp(
            from: natServer, 8080, to: Self.client, 40004, flags: [.ack], length: 60, origin: .realServer)
        let owner = workers[ClientFlowSteering.worker(forClient: Self.client, workers: 2)]
        guard case .natReply(let back) = owner.process(reply, now: now) else {
            Issue.record("the NAT reply found no connection")
            return
        }
        #expect(back.virtualAddress == Self.vip && back.virtualPort == 82)
        // The template holds: a new connection of the client goes to the same server.
        now = now + 1
        guard
            case .forward(let again) = owner.process(
                .tcp(from: Self.client, 40100, to: Self.vip, 443, flags: [.syn], length: 60), now: now)
        else {
            Issue.record("the new persistent connection was not forwarded")
            return
        }
        #expect(again.address == chosen["\(Self.client):40005"]?.address)
    }

    @Test("an empty table is a header alone; a cut or foreign file is refused with where and why")
    func refusals() throws {
        #expect(ConnectionCheckpoint.encode([]) == ConnectionCheckpoint.magic)
        #expect(try ConnectionCheckpoint.decode(ConnectionCheckpoint.magic).get().entries.isEmpty)
        #expect(throws: ConnectionCheckpointError.notACheckpoint) {
            try ConnectionCheckpoint.decode(Array("services\n".utf8)).get()
        }
        var entry = ConnectionEntry(
            proto: IPProtocolNumber.tcp, client: Self.client, clientPort: 1, virtual: Self.vip, virtualPort: 80,
            destination: Self.dr, destinationPort: 80)
        entry.forward = .route
        entry.timeout = 900_000
        let whole = ConnectionCheckpoint.encode([entry])
        #expect(try ConnectionCheckpoint.decode(whole).get().entries.count == 1)
        let magic = ConnectionCheckpoint.magic.count
        #expect(throws: ConnectionCheckpointError.truncated(offset: magic)) {
            try ConnectionCheckpoint.decode(Array(whole.dropLast())).get()
        }
        var badVersion = whole
        badVersion[magic + 5] = 9
        #expect(throws: ConnectionCheckpointError.badMessage(offset: magic, reason: "bad_message_version")) {
            try ConnectionCheckpoint.decode(badVersion).get()
        }
    }
}
