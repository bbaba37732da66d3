import LVSCore
import LVSTestSupport
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSSync

/// A master engine's connections, through its outbox, the packer, the wire and a backup's
/// receiver, into a backup engine; then the backup takes the packets (failover). Packets in,
/// verdicts and `ipvsadm -L -n -c` rows out.
@Suite struct SyncFailoverTests {
    static let client = addr("198.18.0.1")
    static let vip = addr("198.18.0.50")
    static let vip6 = addr("2001:db8::50")
    static let client6 = addr("2001:db8::1")
    static let dr = addr("198.18.0.11")
    static let tun = addr("198.18.0.12")
    static let nat1 = addr("198.18.1.11")
    static let nat2 = addr("198.18.1.12")

    /// The same table on both directors: a DR, a TUN, a NAT (two servers, rr) and a persistent
    /// DR service with two servers, and an IPv6 DR service.
    static func table(master: Bool) -> [AdminOperation] {
        func service(_ port: UInt16, _ flags: ServiceFlags = [], timeout: UInt32 = 0) -> ServiceConfig {
            ServiceConfig(key: .address(.tcp, vip, port), scheduler: "rr", flags: flags, timeout: timeout)
        }
        func server(_ a: InetAddress, _ port: UInt16, _ forward: ForwardMethod) -> DestinationConfig {
            DestinationConfig(key: DestinationKey(address: a, port: port), forward: forward)
        }
        var ops: [AdminOperation] = [
            .addService(service(80)), .addDestination(.address(.tcp, vip, 80), server(dr, 80, .route)),
            .addService(service(81)), .addDestination(.address(.tcp, vip, 81), server(tun, 81, .tunnel)),
            .addService(service(82)),
            .addDestination(.address(.tcp, vip, 82), server(nat1, 8080, .masquerade)),
            .addDestination(.address(.tcp, vip, 82), server(nat2, 8080, .masquerade)),
            .addService(service(443, .persistent, timeout: 300)),
            .addDestination(.address(.tcp, vip, 443), server(dr, 443, .route)),
            .addDestination(.address(.tcp, vip, 443), server(tun, 443, .route)),
            .addService(ServiceConfig(key: .address(.udp, vip6, 53), scheduler: "rr")),
            .addDestination(.address(.udp, vip6, 53), server(addr("2001:db8::11"), 53, .route)),
        ]
        ops.append(.startSyncDaemon(SyncDaemonConfig(role: master ? .master : .backup, interface: "eth0", syncID: 7)))
        return ops
    }

    static func tcp(_ port: UInt16, _ vport: UInt16, _ flags: TCPFlags) -> PacketMeta {
        .tcp(from: client, port, to: vip, vport, flags: flags, length: 60)
    }

    /// Sends what the master queued to the backup as datagrams; returns the bytes sent.
    static func sync(
        _ master: IPVSEngine, to backup: IPVSEngine, receiver: inout SyncReceiver, now: Instant
    ) -> [[UInt8]] {
        var queued: [ConnectionEntry] = []
        master.drainSyncOutbox(into: &queued)
        let messages = SyncMessagePacker.pack(
            queued.compactMap(SyncConnectionMapping.syncConnection(from:)), syncID: 7, maxLength: 1472)
        for message in messages {
            for entry in receiver.receive(message, from: addr("198.18.0.2")) { backup.applySynced(entry, now: now) }
        }
        return messages
    }

    static func rows(_ engine: IPVSEngine, now: Instant, withExpiry: Bool = false) -> [String] {
        engine.snapshot(now: now, includeConnections: true).connections.map {
            "\($0.proto.map { "\($0)" } ?? "IP") \($0.stateName) \($0.clientAddress):\($0.clientPort) "
                + "\($0.virtualAddress):\($0.virtualPort) \($0.destinationAddress):\($0.destinationPort)"
                + (withExpiry ? " \($0.expiresInMilliseconds / 1000)" : "")
        }.sorted()
    }

    @Test("after failover, the backup forwards established DR, TUN and NAT connections to the same real servers")
    func failover() throws {
        var now = Instant.seconds(1000)
        let master = IPVSEngine()
        let backup = IPVSEngine()
        try master.apply(Self.table(master: true), now: now)
        try backup.apply(Self.table(master: false), now: now)
        var receiver = SyncReceiver(syncID: 7)

        // Established connections on the master: SYN, ACK, data (the third packet syncs).
        var chosen: [UInt16: ForwardAction] = [:]
        for (port, vport) in [(40001, 80), (40002, 81), (40003, 82), (40004, 82), (40005, 443)] as [(UInt16, UInt16)] {
            for flags: TCPFlags in [[.syn], [.ack], [.ack, .psh]] {
                now = now + 1
                if case .forward(let action) = master.process(Self.tcp(port, vport, flags), now: now) {
                    chosen[port] = action
                }
            }
        }
        now = now + 1
        let udp6 = PacketMeta.udp(from: Self.client6, 5353, to: Self.vip6, 53, length: 40)
        for _ in 0..<3 { _ = master.process(udp6, now: now) }
        // Five TCP connections, the UDP flow, and the template three times: it goes with every
        // packet of the connections it controls.
        #expect(master.syncOutbox.count == 9)

        let messages = Self.sync(master, to: backup, receiver: &receiver, now: now)
        #expect(messages.count == 1)
        #expect(receiver.counters.entries == 9)
        #expect(receiver.counters.dropTotal == 0)

        // The backup lists what the master does, each with its full timeout (the master's
        // timers went on running since the packets).
        #expect(Self.rows(backup, now: now) == Self.rows(master, now: now))
        #expect(
            Self.rows(backup, now: now, withExpiry: true).map { $0.split(separator: " ").last! } == [
                "300", "900", "900", "900", "900", "900", "300",
            ])
        let snapshot = backup.snapshot(now: now, includeConnections: false)
        let nat = try #require(snapshot.services.first { $0.config.key == .address(.tcp, Self.vip, 82) })
        #expect(nat.destinations.map { "\($0.activeConnections)/\($0.inactiveConnections)" } == ["1/0", "1/0"])
        let persistent = try #require(snapshot.services.first { $0.config.key == .address(.tcp, Self.vip, 443) })
        #expect(
            persistent.destinations.map { "\($0.config.key.address) \($0.persistentConnections)" }.sorted() == [
                "198.18.0.11 0", "198.18.0.12 1",
            ])

        // Failover: the backup now gets the clients' packets, mid-connection (no SYN).
        for port: UInt16 in [40001, 40002, 40003, 40004, 40005] {
            now = now + 1
            let service: UInt16 = [40001: 80, 40002: 81, 40003: 82, 40004: 82, 40005: 443][port]!
            let verdict = backup.process(Self.tcp(port, service, [.ack]), now: now)
            guard case .forward(let action) = verdict else {
                Issue.record("port \(port): \(verdict)")
                continue
            }
            let before = try #require(chosen[port])
            #expect(action.method == before.method)
            #expect(action.address == before.address)
            #expect(action.port == before.port)
        }
        // A NAT reply finds its connection and goes out from the VIP.
        let reply = PacketMeta.tcp(
            from: try #require(chosen[40004]?.address), 8080, to: Self.client, 40004, flags: [.ack], length: 60,
            origin: .realServer)
        guard case .natReply(let back) = backup.process(reply, now: now) else {
            Issue.record("NAT reply not matched")
            return
        }
        #expect(back.virtualAddress == Self.vip)
        #expect(back.virtualPort == 82)

        // Persistence: a new connection of the same client goes where the template says.
        now = now + 1
        guard case .forward(let again) = backup.process(Self.tcp(40100, 443, [.syn]), now: now) else {
            Issue.record("new persistent connection not forwarded")
            return
        }
        #expect(again.address == chosen[40005]?.address)
    }

    @Test(
        "the kernel's sync rules: UDP on the threshold packet then every period, TCP once ESTABLISHED and at each closing state"
    )
    func syncRules() throws {
        var now = Instant.seconds(1000)
        let master = IPVSEngine()
        try master.apply(Self.table(master: true), now: now)
        var queued: [ConnectionEntry] = []
        let udp = PacketMeta.udp(from: Self.client6, 5353, to: Self.vip6, 53, length: 40)
        var synced: [Int] = []
        for packet in 1...110 {
            now = now + 1
            _ = master.process(udp, now: now)
            queued.removeAll()
            master.drainSyncOutbox(into: &queued)
            if !queued.isEmpty { synced.append(packet) }
        }
        #expect(synced == [3, 53, 103])

        var states: [String] = []
        for flags: TCPFlags in [[.syn], [.ack], [.ack], [.ack], [.fin, .ack], [.ack], [.rst]] {
            now = now + 1
            _ = master.process(Self.tcp(41000, 80, flags), now: now)
            queued.removeAll()
            master.drainSyncOutbox(into: &queued)
            states.append(queued.map { $0.tcpState.name }.joined(separator: ","))
        }
        // SYN_RECV is not synced; ESTABLISHED on the third packet; FIN_WAIT at once; a packet
        // in the same state is not; CLOSE at once.
        #expect(states == ["", "", "ESTABLISHED", "", "FIN_WAIT", "", "CLOSE"])

        // Nothing is queued without a master daemon.
        try master.apply([.stopSyncDaemon(.master)], now: now)
        for _ in 0..<5 { _ = master.process(Self.tcp(41001, 80, [.syn]), now: now) }
        #expect(master.syncOutbox.count == 0)
    }

    @Test(
        "sync_refresh_period: an unchanged entry again only when its expiry moved that far; sync_retries resend it at 1/8 of the period"
    )
    func refreshPeriod() throws {
        func syncedSeconds(retries: Int) throws -> [Int] {
            var sysctls = IPVSSysctls()
            sysctls.syncPeriod = 0
            sysctls.syncRefreshPeriod = 10_000
            sysctls.syncRetries = retries
            let start = Instant.seconds(1000)
            let master = IPVSEngine(sysctls: sysctls)
            try master.apply(Self.table(master: true), now: start)
            let udp = PacketMeta.udp(from: Self.client6, 5353, to: Self.vip6, 53, length: 40)
            var synced: [Int] = []
            var queued: [ConnectionEntry] = []
            for second in 0..<30 {
                _ = master.process(udp, now: start + Int64(second) * 1000)
                queued.removeAll()
                master.drainSyncOutbox(into: &queued)
                if !queued.isEmpty { synced.append(second) }
            }
            return synced
        }
        // One packet a second of a UDP flow (timeout 300 s).
        let plain = try syncedSeconds(retries: 0)
        #expect(plain == [0, 10, 20])
        // A retry at 2 s (1/8 of the period after the sync, at the next packet); the retry count
        // rides in the low bits of the mark, so the next full sync is due a millisecond later:
        // at 13 s, not 12 (as the kernel's jiffies arithmetic does).
        let retried = try syncedSeconds(retries: 1)
        #expect(retried == [0, 2, 13, 15, 26, 28])
    }

    @Test("templates go with every packet of the connections they control; sync_persist_mode sends only them")
    func templates() throws {
        var sysctls = IPVSSysctls()
        sysctls.syncPersistMode = true
        var now = Instant.seconds(1000)
        let master = IPVSEngine(sysctls: sysctls)
        try master.apply(Self.table(master: true), now: now)
        var queued: [ConnectionEntry] = []
        for flags: TCPFlags in [[.syn], [.ack], [.ack, .psh]] {
            now = now + 1
            _ = master.process(Self.tcp(42000, 443, flags), now: now)
        }
        master.drainSyncOutbox(into: &queued)
        #expect(queued.map(\.isTemplate) == [true, true, true])
        #expect(queued.map(\.clientPort) == [0, 0, 0])
    }

    @Test("a full outbox drops and counts, never grows")
    func outboxBound() throws {
        var sysctls = IPVSSysctls()
        sysctls.syncQueueLengthMax = 1
        sysctls.syncThreshold = 1
        var now = Instant.seconds(1000)
        let master = IPVSEngine(sysctls: sysctls)
        try master.apply(Self.table(master: true), now: now)
        for port in 0..<100 {
            now = now + 1
            _ = master.process(
                PacketMeta.udp(from: Self.client6, UInt16(30000 + port), to: Self.vip6, 53, length: 40), now: now)
        }
        #expect(master.syncOutbox.count == SyncOutbox.entriesPerMessage)
        #expect(master.syncOutbox.dropped == UInt64(100 - SyncOutbox.entriesPerMessage))
    }

    @Test(
        "an update moves a connection between active and inactive; one sent to another server replaces it only when active"
    )
    func updates() throws {
        let now = Instant.seconds(1000)
        let backup = IPVSEngine()
        try backup.apply(Self.table(master: false), now: now)
        func entry(
            _ state: TCPState, inactive: Bool, to server: InetAddress = SyncFailoverTests.nat1
        ) -> ConnectionEntry {
            var flags: SyncConnectionFlags = inactive ? [.inactive] : []
            flags = flags.withForwardMethodCode(0)
            return SyncConnectionMapping.entry(
                from: SyncConnection(
                    protocolNumber: IPProtocolNumber.tcp, flags: flags, state: UInt16(state.rawValue),
                    clientAddress: Self.client, clientPort: 40000, virtualAddress: Self.vip, virtualPort: 82,
                    destinationAddress: server, destinationPort: 8080, timeoutSeconds: 0))!
        }
        /// ActiveConn and InActConn of nat1, then of nat2.
        func counts() -> [Int32] {
            let s = backup.table.service(.address(.tcp, Self.vip, 82))!
            return [Self.nat1, Self.nat2].flatMap { a in
                let d = s.destinations.first { $0.address == a }!
                return [d.activeConnections, d.inactiveConnections]
            }
        }
        #expect(backup.applySynced(entry(.synReceived, inactive: true), now: now) == .created(bound: true))
        #expect(counts() == [0, 1, 0, 0])
        #expect(backup.applySynced(entry(.established, inactive: false), now: now) == .updated)
        #expect(counts() == [1, 0, 0, 0])
        // Timeout 0: the protocol's own for the state (ESTABLISHED 900 s).
        #expect(
            Self.rows(backup, now: now, withExpiry: true) == [
                "tcp ESTABLISHED 198.18.0.1:40000 198.18.0.50:82 198.18.1.11:8080 900"
            ])
        #expect(backup.applySynced(entry(.established, inactive: true, to: Self.nat2), now: now) == .ignored)
        #expect(
            backup.applySynced(entry(.established, inactive: false, to: Self.nat2), now: now) == .created(bound: true))
        #expect(counts() == [0, 0, 1, 0])
    }
}
