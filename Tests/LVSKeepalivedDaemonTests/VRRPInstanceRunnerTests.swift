import LVSControl
import LVSCore
import LVSKeepalived
import LVSKeepalivedDaemon
import LVSLinux
import LVSVRRP
import LVSVocabulary
import LVSWire
import Logging
import Testing

/// One vrrp_instance's runner against a fake socket, clock and director: what goes on the wire,
/// what the director is told and in which order, which scripts run with which arguments.
@Suite("VRRP instance runner")
struct VRRPInstanceRunnerTests {
    static let vip = InetAddress("198.18.0.100")!
    static let excluded = InetAddress("198.18.0.101")!
    static let ours = InetAddress("198.18.0.1")!
    static let peer = InetAddress("198.18.0.2")!
    static let group = InetAddress("224.0.0.18")!

    static func configuration(extra: String = "") -> String {
        """
        \(extra)
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 51
            priority 100
            advert_int 1
            authentication {
                auth_type PASS
                auth_pass secret
            }
            virtual_ipaddress {
                198.18.0.100/24
            }
            virtual_ipaddress_excluded {
                198.18.0.101
            }
            notify_master "/usr/local/bin/master.sh on"
            notify /usr/local/bin/notify.sh
        }
        """
    }

    static func setup(_ text: String = configuration()) throws -> (VRRPInstanceConfiguration, KeepalivedConfiguration) {
        let path = "/etc/keepalived/keepalived.conf"
        let parsed = KeepalivedConfigurationParser(source: InMemoryConfigFileSource([path: text])).parse(path: path)
        let configuration = try #require(parsed.configuration)
        var problems: [(LVSKeepalived.SourceLocation?, String)] = []
        let vrrp = VRRPConfiguration.running(configuration, problems: &problems)
        #expect(problems.isEmpty, "\(problems)")
        return (try #require(vrrp.instances.first), configuration)
    }

    /// A runner and its fakes.
    struct Harness {
        let runner: VRRPInstanceRunner
        let transport: FakeVRRPTransport
        let director = RecordingDirector()
        let clock = ManualClock()
        let scripts = ScriptLog()

        init(
            _ setup: VRRPInstanceConfiguration, tracking: VRRPTracking? = nil, syncDaemon: LVSSyncDaemonSetting? = nil,
            source: InetAddress = VRRPInstanceRunnerTests.ours
        ) {
            transport = FakeVRRPTransport(source: source)
            let (clock, scripts) = (clock, scripts)
            runner = VRRPInstanceRunner(
                configuration: setup, tracking: tracking, syncDaemon: syncDaemon,
                environment: .init(
                    transport: transport, control: director, runScript: { _, arguments in scripts.record(arguments) },
                    now: { clock.now },
                    // The test fires the timer itself; the runner's own timer task never wakes.
                    sleep: { _ in try await Task.sleep(for: .seconds(3600)) }, logger: Logger(label: "test")))
        }

        /// Moves the clock to the armed deadline and fires the timer.
        func runOutTimer() async throws -> Int64 {
            let deadline = try #require(await runner.instance.timerDeadline)
            let waited = deadline - clock.now
            clock.set(deadline)
            await runner.timerFired()
            return waited
        }

        /// Starts the runner and lets Master_Down_Interval run out: MASTER, with every record reset.
        func startAsMaster() async throws {
            await runner.start()
            _ = try await runOutTimer()
            #expect(await runner.state == .master)
            director.reset()
            scripts.reset()
        }
    }

    /// A datagram as the IPv4 raw socket returns it: the IP packet of a peer's advert.
    static func datagram(
        priority: UInt8, from source: InetAddress = peer, password: String = "secret", ttl: UInt8 = 255,
        version: VRRPVersion = .v2, virtualRouterID: UInt8 = 51, interval: Int = 100,
        edit: (inout [UInt8]) -> Void = { _ in }
    ) -> VRRPDatagram {
        let advert = VRRPAdvertisement(
            version: version, virtualRouterID: virtualRouterID, priority: priority, advertisementInterval: interval,
            addresses: [vip], authentication: version == .v2 ? .password(text: password) : .none)
        var packet = Array(VRRPPacket.frame(advert, source: source).dropFirst(HeaderSize.ethernet))
        packet[8] = ttl
        edit(&packet)
        // A valid IP header checksum again, as the kernel only passes such packets on.
        if packet.count >= 20 {
            packet[10] = 0
            packet[11] = 0
            let sum = packet.withUnsafeBytes { InternetChecksum.sum($0.baseAddress!, count: 20) }
            let checksum = InternetChecksum.finish(sum)
            packet[10] = UInt8(checksum >> 8)
            packet[11] = UInt8(checksum & 0xFF)
        }
        return VRRPDatagram(bytes: packet, includesIPHeader: true, source: source)
    }

    @Test func startsAsBackupWithTheAddressesReleased() async throws {
        let harness = Harness(try Self.setup().0)
        await harness.runner.start()
        #expect(await harness.runner.state == .backup)
        #expect(
            harness.director.calls == [
                .ownership(AddressOwnership(owner: "VI_1", released: [Self.vip, Self.excluded]))
            ])
        #expect(harness.scripts.runs == [["/usr/local/bin/notify.sh", "INSTANCE", "VI_1", "BACKUP", "100"]])
        #expect(harness.transport.sent.isEmpty)
    }

    @Test func takesOverWhenNoMasterSpeaksThenAdvertisesEveryInterval() async throws {
        let harness = Harness(try Self.setup().0)
        await harness.runner.start()
        // Master_Down_Interval = 3 x 1 s + (256 - 100) / 256 s, in whole milliseconds rounded up.
        #expect(try await harness.runOutTimer() == 3610)
        #expect(await harness.runner.state == .master)

        let sent = harness.transport.sent
        #expect(sent.count == 1)
        #expect(sent.first?.destination == Self.group)
        var message = try #require(sent.first?.message)
        let parsed = message.withUnsafeMutableBytes { raw in
            VRRPPacket.parseMessage(
                FrameBuffer(raw), at: 0, length: raw.count, source: Self.ours, destination: Self.group, hopLimit: 255,
                policy: VRRPReceivePolicy(version: .v2, authentication: .password(text: "secret")))
        }
        #expect(try parsed.get().priority == 100)
        #expect(try parsed.get().addresses == [Self.vip])

        // Released as backup; then held, then keepalived's first burst of five gratuitous ARPs.
        let both = [Self.vip, Self.excluded]
        #expect(
            harness.director.calls
                == [
                    .ownership(AddressOwnership(owner: "VI_1", released: both)),
                    .ownership(AddressOwnership(owner: "VI_1", held: both)),
                ]
                + Array(repeating: .announce(both), count: 5))
        #expect(
            harness.scripts.runs == [
                ["/usr/local/bin/notify.sh", "INSTANCE", "VI_1", "BACKUP", "100"],
                ["/usr/local/bin/master.sh", "on"],
                ["/usr/local/bin/notify.sh", "INSTANCE", "VI_1", "MASTER", "100"],
            ])

        #expect(try await harness.runOutTimer() == 1000)
        #expect(harness.transport.sent.count == 2)
    }

    @Test func aHigherPriorityMasterMakesUsBackUpAndRelease() async throws {
        let harness = Harness(try Self.setup().0)
        try await harness.startAsMaster()
        await harness.runner.received(Self.datagram(priority: 150))
        #expect(await harness.runner.state == .backup)
        #expect(await harness.runner.instance.masterAddress == Self.peer)
        #expect(
            harness.director.calls == [
                .ownership(AddressOwnership(owner: "VI_1", released: [Self.vip, Self.excluded]))
            ])
        #expect(harness.scripts.runs == [["/usr/local/bin/notify.sh", "INSTANCE", "VI_1", "BACKUP", "100"]])
        #expect(await harness.runner.status.advertisementsReceived == 1)
    }

    @Test func malformedAdvertsAreCountedByReasonAndChangeNothing() async throws {
        let harness = Harness(try Self.setup().0)
        try await harness.startAsMaster()
        let sentBefore = harness.transport.sent.count
        let storm: [(VRRPDatagram, VRRPDropReason)] = [
            (Self.datagram(priority: 200, ttl: 64), .badHopLimit),
            (Self.datagram(priority: 200, version: .v3), .badVersion),
            (Self.datagram(priority: 200) { $0[20] = 0x21 + 0x10 * 2 }, .badVersion),
            (Self.datagram(priority: 200) { $0[20] = 0x22 }, .badType),
            (Self.datagram(priority: 200, virtualRouterID: 52), .otherVirtualRouter),
            (Self.datagram(priority: 200) { $0[27] ^= 0xFF }, .badChecksum),
            (Self.datagram(priority: 200, password: "wrong"), .badPassword),
            (Self.datagram(priority: 200, interval: 300), .badInterval),
            (Self.datagram(priority: 200) { $0[23] = 2 }, .truncatedAddresses),
            (Self.datagram(priority: 200) { $0.removeLast(12) }, .badIPPacket),
            (Self.datagram(priority: 200) { $0 = Array($0.prefix(24)) }, .badIPPacket),
            (Self.datagram(priority: 200) { $0[9] = 89 }, .notVRRP),
        ]
        for (datagram, _) in storm { await harness.runner.received(datagram) }
        var expected: [VRRPDropReason: Int] = [:]
        for (_, reason) in storm { expected[reason, default: 0] += 1 }
        let counted = await harness.runner.status.drops
        #expect(counted == expected, "\(counted.map { "\($0.key.label) \($0.value)" }.sorted())")
        #expect(await harness.runner.state == .master)
        #expect(harness.director.calls.isEmpty)
        #expect(harness.scripts.runs.isEmpty)
        #expect(harness.transport.sent.count == sentBefore)
        #expect(await harness.runner.status.advertisementsReceived == 0)
    }

    @Test func aStoppingMasterSendsPriorityZeroThenReleases() async throws {
        let harness = Harness(try Self.setup().0)
        try await harness.startAsMaster()
        let sentBefore = harness.transport.sent.count
        await harness.runner.shutdown()
        let last = try #require(harness.transport.sent.last)
        #expect(harness.transport.sent.count == sentBefore + 1)
        #expect(last.message[2] == 0, "priority byte of the goodbye advert")
        #expect(
            harness.director.calls == [
                .ownership(AddressOwnership(owner: "VI_1", released: [Self.vip, Self.excluded]))
            ])
        #expect(harness.scripts.runs == [["/usr/local/bin/notify.sh", "INSTANCE", "VI_1", "STOP", "100"]])
    }

    @Test func anInterfaceDownMakesAMasterFaultThenBackupWhenItReturns() async throws {
        let harness = Harness(try Self.setup().0)
        try await harness.startAsMaster()
        let sentBefore = harness.transport.sent.count
        await harness.runner.interfaceChanged(up: false)
        #expect(await harness.runner.state == .fault)
        #expect(harness.transport.sent.count == sentBefore + 1)
        #expect(harness.transport.sent.last?.message[2] == 0, "priority 0 on the way out")
        let both = [Self.vip, Self.excluded]
        #expect(harness.director.calls == [.ownership(AddressOwnership(owner: "VI_1", released: both))])
        #expect(harness.scripts.runs == [["/usr/local/bin/notify.sh", "INSTANCE", "VI_1", "FAULT", "100"]])
        // Adverts in FAULT are not acted on.
        await harness.runner.received(Self.datagram(priority: 150))
        #expect(await harness.runner.state == .fault)

        await harness.runner.interfaceChanged(up: true)
        #expect(await harness.runner.state == .backup)
        #expect(harness.scripts.runs.last == ["/usr/local/bin/notify.sh", "INSTANCE", "VI_1", "BACKUP", "100"])
    }

    @Test func theSyncDaemonFollowsItsInstance() async throws {
        let (setup, configuration) = try Self.setup(
            Self.configuration(extra: "global_defs {\n    lvs_sync_daemon eth1 inst VI_1\n}"))
        var problems: [String] = []
        let sync = try #require(LVSSyncDaemonSetting.reading(configuration.globalDefinitions, problems: &problems))
        let harness = Harness(setup, syncDaemon: sync)
        await harness.runner.start()
        let backup = SyncDaemonConfig(role: .backup, interface: "eth1", syncID: 51)
        let master = SyncDaemonConfig(role: .master, interface: "eth1", syncID: 51)
        #expect(harness.director.calls.first == .apply([.startSyncDaemon(backup)]))
        harness.director.reset()
        _ = try await harness.runOutTimer()
        let applied = harness.director.calls.filter { if case .apply = $0 { true } else { false } }
        #expect(applied == [.apply([.stopSyncDaemon(.backup)]), .apply([.startSyncDaemon(master)])])
        harness.director.reset()
        await harness.runner.received(Self.datagram(priority: 150))
        let back = harness.director.calls.filter { if case .apply = $0 { true } else { false } }
        #expect(back == [.apply([.stopSyncDaemon(.master)]), .apply([.startSyncDaemon(backup)])])
    }
}
