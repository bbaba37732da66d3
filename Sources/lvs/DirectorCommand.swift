import ArgumentParser
import LVSControl
import LVSCore
import LVSDirector
import LVSLinux
import LVSMetrics
import LVSMetricsServer
import LVSVocabulary
import Logging
import NIOPosix
import ServiceLifecycle

struct DirectorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "director",
        abstract:
            "Run the director daemon: holds the IPVS table, serves ipvsadm on the control socket and, with --interface, forwards packets.",
        discussion: """
            Without --interface the daemon only holds the table (no packet forwarding). \
            With --interface it forwards TCP/UDP over IPv4 and IPv6 for the table's services \
            (DR, NAT, TUN) on AF_PACKET rings, answers ARP and neighbour solicitations for the \
            VIPs and turns net.ipv4.ip_forward off while it runs. From the first service on, \
            an nftables table (inet lvs_director_guard) keeps the kernel from answering the \
            services or forwarding second copies of NAT replies, so a script may put the VIP \
            on an interface or turn forwarding on (as kernel-IPVS scripts do) and connect at \
            once. It needs the nft tool (Debian package nftables): without it the director \
            does not start, unless --no-kernel-guard says the host guards otherwise. Each \
            worker has its own connection table and scheduler state (like per-CPU state); \
            frames reach workers by client address, so one client's connections alternate \
            strictly and stay persistent, but thresholds (-x/-y) and persistence masks wider \
            than /32 hold per worker: use --workers 1 where those must be exact.

            A VIP of a keepalived vrrp_instance (lvs keepalived) is answered and forwarded \
            only while that instance is MASTER. ipvsadm --start-daemon runs the kernel's \
            connection sync daemon (version 1 messages, 224.0.0.81:8848 by default); its \
            settings are --sysctl sync_threshold, sync_refresh_period, ... and `lvs \
            sync-status` shows its counters.

            The connection table stops at --max-connections (split over the workers); \
            the kernel's defences against floods are --sysctl drop_entry, drop_packet, \
            secure_tcp and amemthresh (counted against the limit's headroom), changed at \
            run time with `lvs sysctl NAME=VALUE`. Details: docs/flood-defences.md.

            The table (services, real servers, timeouts, sync daemons) is kept in a state \
            file, rewritten atomically after every change, and restored at start before \
            the control socket is served and before the first frame is forwarded. Default: \
            next to the control socket when one is given (--control-socket or \
            $LVS_CONTROL_SOCKET; e.g. /tmp/x/control.sock -> /tmp/x/control.state), else \
            \(DirectorStateStore.defaultPath), or /var/lib/lvs/netns-NAME.state in the \
            network namespace NAME (ip netns). A state file that cannot be read or \
            restored stops the start with an error; --fresh starts empty instead (and \
            replaces the file). At start the leftovers of a director that did not stop are \
            repaired: a stale control socket is replaced (anything else at the socket path \
            is refused and left alone), net.ipv4.ip_forward gets back the value it had \
            before that director (kept in STATE-FILE.ip_forward), and a leftover nftables \
            guard table is replaced or removed.

            With --checkpoint-connections SECONDS the connection table (connections and \
            persistence templates) is also written every SECONDS to STATE-FILE.connections, \
            as connection-sync version 1 messages (and once more on a clean stop), and put \
            back at start (not with --fresh) as a sync backup would: a director killed and \
            started again carries on the NAT and DR connections of its last checkpoint. A \
            start without the option, or with --fresh, removes that file.

            The control socket is by default the abstract socket @lvs/control of the \
            director's network namespace, so `ip netns exec X ipvsadm` talks to the director \
            of namespace X. Each connection's peer is checked (SO_PEERCRED): changes need root \
            or CAP_NET_ADMIN, as the kernel asks of ipvsadm; listings too, unless \
            --control-group grants them to a group. At most 256 connections are served at \
            once, one idle for 10 s is closed, and a request line is limited to 64 MiB.

            With --bgp-peer (and --bgp-local-as, --bgp-peer-as) the director runs BIRD 2 \
            (bird, Debian package bird2) as its child in its namespace and announces each \
            VIP as a /32 (/128) to that router, next hop its own address on the peering \
            link, while one of the VIP's real servers has a weight above 0 and the \
            director is not draining (`lvs drain`); BIRD dies with the director. \
            sloppy_tcp is then 1 unless --sysctl says otherwise, so connections moved \
            here by the router's ECMP rehash carry on (with mh or sh on every director). \
            Details and the router's side: docs/bgp.md.
            """)

    @Option(
        name: .customLong("control-socket"),
        help: ArgumentHelp(
            "Control socket: a path, or @NAME for an abstract socket of this network namespace (default: $LVS_CONTROL_SOCKET or \(ControlSocketPath.defaultPath)).",
            valueName: "PATH|@NAME"))
    var controlSocket: String?

    @Option(
        name: .customLong("control-group"),
        help: ArgumentHelp(
            "Let this group list the table over the control socket (changes still need root or CAP_NET_ADMIN).",
            valueName: "NAME|GID"))
    var controlGroup: String?

    @Option(
        name: .customLong("interface"),
        help: "Forward on this interface (repeat for more, e.g. eth0 and the NAT backend eth1).")
    var interfaces: [String] = []

    @Option(name: .customLong("workers"), help: "Data-plane threads (default: the number of online CPUs).")
    var workers: Int?

    @Option(
        name: .customLong("sysctl"),
        help: ArgumentHelp(
            "An IPVS sysctl by the kernel's name (net.ipv4.vs.NAME), e.g. sync_threshold=\"3 50\" (repeatable).",
            valueName: "NAME=VALUE"))
    var sysctlSettings: [String] = []

    @Option(
        name: .customLong("max-connections"),
        help: ArgumentHelp(
            "The most connections (and persistence templates) the director holds, split over the workers; new ones beyond it are dropped unless drop_entry makes room (default: a quarter of RAM at \(ConnectionTable.bytesPerEntry) bytes each).",
            valueName: "N"))
    var maxConnections: Int?

    @Option(
        name: .customLong("state-file"),
        help: ArgumentHelp(
            "Keep the table here and restore it at start (default: beside the control socket, or \(DirectorStateStore.defaultPath)).",
            valueName: "PATH"))
    var stateFile: String?

    @Flag(name: .customLong("fresh"), help: "Start with an empty table, ignoring (and then replacing) the state file.")
    var fresh = false

    @Option(
        name: .customLong("checkpoint-connections"),
        help: ArgumentHelp(
            "Every SECONDS write the connection table beside the state file (STATE.connections) and restore it at start (default: off).",
            valueName: "SECONDS"))
    var checkpointSeconds: Int?

    @Option(
        name: .customLong("data-plane"),
        help: ArgumentHelp(
            "auto (default): xdp where every --interface is a NIC taking native XDP, else packet; packet: every packet through the Swift engine; xdp: an XDP program on each --interface forwards established connections' packets (DR, NAT, ipip/GUE tunnels; docs/xdp.md).",
            valueName: "auto|packet|xdp"))
    var dataPlane: String = DataPlaneMode.automatic.rawValue

    @Flag(
        name: .customLong("no-kernel-guard"),
        help:
            "Do not install the nftables guard (nor need nft): the host keeps the kernel from answering the VIPs otherwise."
    )
    var noKernelGuard = false

    @Option(
        name: .customLong("metrics-listen"),
        help: ArgumentHelp(
            "Serve Prometheus metrics at /metrics and a status page at / on this address (default: off; docs/metrics.md).",
            valueName: "ADDR:PORT"))
    var metricsListen: String?

    @Option(
        name: .customLong("procfs-dir"),
        help: ArgumentHelp(
            "Keep DIR/net/ip_vs, ip_vs_stats and ip_vs_conn in the kernel's /proc/net formats, rewritten every second (for node_exporter --path.procfs=DIR).",
            valueName: "DIR"))
    var procfsDirectory: String?

    @Option(
        name: .customLong("bgp-peer"),
        help: ArgumentHelp(
            "Announce the served VIPs over BGP (BIRD 2) to the router at this address (docs/bgp.md).",
            valueName: "ADDR"))
    var bgpPeer: String?

    @Option(name: .customLong("bgp-local-as"), help: ArgumentHelp("This director's AS number.", valueName: "N"))
    var bgpLocalAS: UInt32?

    @Option(name: .customLong("bgp-peer-as"), help: ArgumentHelp("The router's AS number.", valueName: "M"))
    var bgpPeerAS: UInt32?

    @Option(
        name: .customLong("bgp-router-id"),
        help: ArgumentHelp(
            "BIRD's router id (default: the lowest IPv4 address of the namespace).", valueName: "IPV4"))
    var bgpRouterID: String?

    @Option(
        name: .customLong("bgp-hold-time"),
        help: ArgumentHelp(
            "BGP hold time: how long the router keeps a dead director's routes (default: \(BGPSettings.defaultHoldTimeSeconds)).",
            valueName: "SECONDS"))
    var bgpHoldTime: Int = BGPSettings.defaultHoldTimeSeconds

    @OptionGroup var log: LogOptions

    func validate() throws {
        if let workers, workers < 1 || workers > 256 { throw ValidationError("--workers must be between 1 and 256") }
        if workers != nil && interfaces.isEmpty { throw ValidationError("--workers needs --interface") }
        if let checkpointSeconds, checkpointSeconds < 1 || checkpointSeconds > 86_400 {
            throw ValidationError("--checkpoint-connections must be between 1 and 86400 seconds")
        }
        if checkpointSeconds != nil && interfaces.isEmpty {
            throw ValidationError("--checkpoint-connections needs --interface (only forwarding has connections)")
        }
        guard let mode = DataPlaneMode(rawValue: dataPlane) else {
            throw ValidationError("--data-plane \(dataPlane): expected auto, packet or xdp")
        }
        if mode == .xdp && interfaces.isEmpty { throw ValidationError("--data-plane xdp needs --interface") }
        if noKernelGuard && interfaces.isEmpty { throw ValidationError("--no-kernel-guard needs --interface") }
        if let maxConnections, maxConnections < 1 { throw ValidationError("--max-connections must be at least 1") }
        if let metricsListen, MetricsServer.parseListen(metricsListen) == nil {
            throw ValidationError(
                "--metrics-listen \(metricsListen): expected ADDR:PORT, e.g. 198.18.0.1:9100 or [::1]:9100")
        }
        if try bgpSettings() != nil && interfaces.isEmpty {
            throw ValidationError("--bgp-peer needs --interface (only a forwarding director serves its VIPs)")
        }
        _ = try sysctls()
        _ = try accessPolicy()
    }

    /// Who may use the control socket: root or CAP_NET_ADMIN, and --control-group for listings.
    func accessPolicy() throws -> ControlAccessPolicy {
        guard let controlGroup else { return ControlAccessPolicy() }
        if let gid = UInt32(controlGroup) { return ControlAccessPolicy(readGroup: gid) }
        guard let gid = AccountLookup.group(named: controlGroup) else {
            throw ValidationError("--control-group \(controlGroup): no such group")
        }
        return ControlAccessPolicy(readGroup: gid)
    }

    /// --bgp-peer and the options that go with it; nil without --bgp-peer.
    func bgpSettings() throws -> BGPSettings? {
        guard let bgpPeer else {
            if bgpLocalAS != nil || bgpPeerAS != nil || bgpRouterID != nil {
                throw ValidationError("--bgp-local-as, --bgp-peer-as and --bgp-router-id need --bgp-peer")
            }
            return nil
        }
        guard let peer = InetAddress(bgpPeer) else {
            throw ValidationError("--bgp-peer \(bgpPeer): not an IPv4 or IPv6 address")
        }
        guard let bgpLocalAS, let bgpPeerAS else {
            throw ValidationError("--bgp-peer needs --bgp-local-as and --bgp-peer-as")
        }
        var routerID: InetAddress?
        if let bgpRouterID {
            guard let id = InetAddress(bgpRouterID) else {
                throw ValidationError("--bgp-router-id \(bgpRouterID): not an IPv4 address")
            }
            routerID = id
        }
        let settings = BGPSettings(
            peer: peer, localAS: bgpLocalAS, peerAS: bgpPeerAS, routerID: routerID, holdTimeSeconds: bgpHoldTime)
        if let problem = settings.problem { throw ValidationError("--bgp-peer: \(problem)") }
        return settings
    }

    /// The --sysctl settings over the kernel's defaults.
    func sysctls() throws -> IPVSSysctls {
        var result = IPVSSysctls()
        // Behind ECMP a rehash brings established connections this director has never seen:
        // it must take them up (the kernel's sloppy_tcp) unless the operator says otherwise.
        if bgpPeer != nil { try result.set("sloppy_tcp", "1") }
        for setting in sysctlSettings {
            guard let eq = setting.firstIndex(of: "=") else {
                throw ValidationError("--sysctl \(setting): expected NAME=VALUE")
            }
            do {
                try result.set(String(setting[..<eq]), String(setting[setting.index(after: eq)...]))
            } catch {
                throw ValidationError("--sysctl \(setting): \(error)")
            }
        }
        return result
    }

    /// --max-connections, or a quarter of MemTotal in entries (see `ConnectionTable.defaultLimit`).
    func connectionLimit() -> Int {
        if let maxConnections { return maxConnections }
        let total = (try? TextFile.read("/proc/meminfo"))?.flatMap { MemoryInfo.totalBytes(meminfo: $0) }
        // Without /proc (never on a director that forwards), 1 GiB's worth.
        return ConnectionTable.defaultLimit(memoryBytes: total ?? 1 << 30)
    }

    func run() async throws {
        log.bootstrap()
        let logger = Logger(label: "lvs.director")
        OpenFileLimit.raiseToHardLimit()
        let path = controlSocket ?? ControlSocketPath.resolve(ProcessInfoEnvironment.current)
        // Checked before anything starts: a wrong path must not cost a half-started director.
        if !path.hasPrefix("@"), let kind = try? PathKind.of(path), kind != .missing, kind != .socket {
            logger.critical(
                "\(ControlServerError.notASocket(path, kind: kind.description))")
            throw ExitCode(1)
        }
        let store = DirectorStateStore(
            path: DirectorStateStore.resolve(
                stateFile: stateFile, controlSocket: path, namespaceName: NetworkNamespaceName.current()))
        let leftovers = store.removeLeftoverTemporaries()
        if !leftovers.isEmpty {
            logger.notice("removed temporary state files of an interrupted save", metadata: ["files": "\(leftovers)"])
        }
        let restored: TableState
        var stateBytes = 0
        var journalBytes = 0
        do throws(DirectorStateStoreError) {
            let loaded = fresh ? nil : try store.load()
            restored = loaded?.state ?? TableState(operations: [])
            // A new (or --fresh) file is written before serving: a director that cannot keep its
            // table says so now, not after its first change. A file just read back whole is left
            // as it is: rewriting the same table would only delay a large table's restart.
            if let loaded {
                (stateBytes, journalBytes) = (loaded.stateBytes, loaded.journalBytes)
            } else {
                (stateBytes, journalBytes) = try store.save(restored)
            }
        } catch {
            logger.critical("\(error)", metadata: ["hint": "fix or remove the file, or start with --fresh"])
            throw ExitCode(1)
        }
        if !restored.operations.isEmpty {
            logger.notice(
                "table restored from the state file",
                metadata: ["path": "\(store.path)", "operations": "\(restored.operations.count)"])
        }
        let daemon: DirectorDaemon
        let drain = DrainState()
        let observe: @Sendable () -> DirectorObservation
        var director: Director?
        var checkpointer: ConnectionCheckpointer?
        let tableControl: any ControlService
        let liveConnections: @Sendable () -> Int
        if interfaces.isEmpty {
            // No forwarding, so ip_forward is not this director's; give back what a killed
            // forwarding director left.
            if let left = Director.recordedForwarding(store.forwardingRecordPath) {
                try? Sysctl.write("net.ipv4.ip_forward", left)
                _ = try? TextFile.remove(store.forwardingRecordPath)
                logger.notice(
                    "net.ipv4.ip_forward restored after a director that did not stop", metadata: ["value": "\(left)"])
            }
            let tableEngine = IPVSEngine(sysctls: try sysctls())
            tableEngine.connectionLimit = connectionLimit()
            let engine = EngineControlService(engine: tableEngine, clock: { MonotonicClock.now() })
            if case .rejected(let error) = engine.handle(.apply(restored.operations)) {
                logger.critical("the restored table is refused", metadata: ["error": "\(error)"])
                throw ExitCode(1)
            }
            tableControl = engine
            liveConnections = {
                guard case .snapshot(let table) = engine.handle(.snapshot(includeConnections: true)) else { return 0 }
                return DrainProgress.liveConnections(table)
            }
            let service = PersistingControlService(
                engine, store: store, saved: restored, stateBytes: stateBytes, journalBytes: journalBytes,
                logger: logger)
            daemon = DirectorDaemon(
                socketPath: path, control: DrainingControlService(service, state: drain, logger: logger),
                policy: try accessPolicy(), tick: { engine.tick() }, logger: logger)
            observe = { DirectorObserver.observe(engine) }
        } else {
            let checkpointPath = ConnectionCheckpointer.path(stateFile: store.path)
            var connections: [ConnectionEntry] = []
            if checkpointSeconds != nil && !fresh {
                connections = ConnectionCheckpointer.load(checkpointPath, logger: logger)
            } else if (try? TextFile.remove(checkpointPath)) == true {
                // This run starts without those connections; a later checkpointed start must not
                // bring back ones older than this run.
                logger.notice(
                    "removed the connection checkpoint (not restored)", metadata: ["path": "\(checkpointPath)"])
            }
            let forwarding: Director
            do {
                forwarding = try Director.start(
                    Director.Configuration(
                        interfaces: interfaces, workers: workers ?? WorkerThread.onlineProcessors,
                        sysctls: try sysctls(), initialOperations: restored.operations,
                        initialOwnerships: restored.vrrpAddresses.sorted { $0.key < $1.key }.map {
                            AddressOwnership(owner: $0.key, released: $0.value)
                        },
                        forwardingRecordPath: store.forwardingRecordPath, kernelGuard: !noKernelGuard,
                        initialConnections: connections, maxConnections: connectionLimit(),
                        dataPlane: DataPlaneMode(rawValue: dataPlane) ?? .automatic),
                    logger: logger)
            } catch {
                logger.critical("cannot start forwarding", metadata: ["error": "\(error)"])
                throw ExitCode(1)
            }
            director = forwarding
            if let checkpointSeconds {
                do {
                    checkpointer = try ConnectionCheckpointer(
                        director: forwarding, path: checkpointPath,
                        intervalMilliseconds: Int64(checkpointSeconds) * 1000, logger: logger)
                } catch {
                    forwarding.stop()
                    logger.critical("cannot start the connection checkpoints", metadata: ["error": "\(error)"])
                    throw ExitCode(1)
                }
            }
            tableControl = forwarding.control
            // The workers count their own tables: a drain of a million connections lists none.
            liveConnections = { [control = forwarding.control] in control.liveConnectionCount() }
            let service = PersistingControlService(
                forwarding.control, store: store, saved: restored, stateBytes: stateBytes,
                journalBytes: journalBytes, logger: logger)
            // Workers run their engines' timers themselves.
            daemon = DirectorDaemon(
                socketPath: path, control: DrainingControlService(service, state: drain, logger: logger),
                policy: try accessPolicy(), tick: {}, logger: logger)
            let guarded = !noKernelGuard
            observe = { DirectorObserver.observe(forwarding, kernelGuard: guarded) }
        }
        let table: @Sendable () -> TableSnapshot = {
            if case .snapshot(let table) = tableControl.handle(.snapshot(includeConnections: false)) { return table }
            return TableSnapshot()
        }
        var speaker: BGPSpeaker?
        if let settings = try bgpSettings() {
            // Said before anything is announced: without them the director would serve VIPs
            // that no router is ever told about.
            let missing = BGPSpeaker.requiredPrograms.filter { TextFile.executableOnPath($0.program) == nil }
            if !missing.isEmpty {
                checkpointer?.stop()
                director?.stop()
                logger.critical(
                    "--bgp-peer needs \(missing.map { "\($0.program) (Debian package \($0.package))" }.joined(separator: ", "))"
                )
                throw ExitCode(1)
            }
            do {
                speaker = try BGPSpeaker(
                    settings: settings, stateFile: store.path, table: table, draining: { drain.isDraining },
                    logger: logger)
            } catch {
                checkpointer?.stop()
                director?.stop()
                logger.critical("cannot start the BGP speaker (bird)", metadata: ["error": "\(error)"])
                throw ExitCode(1)
            }
        }
        var metrics: MetricsServer?
        if let metricsListen, let (host, port) = MetricsServer.parseListen(metricsListen) {
            do {
                metrics = try await MetricsServer.start(host: host, port: port, observe: observe, logger: logger)
                logger.notice("serving metrics and the status page", metadata: ["listen": "\(metricsListen)"])
            } catch {
                speaker?.stop()
                checkpointer?.stop()
                director?.stop()
                logger.critical("cannot serve --metrics-listen \(metricsListen)", metadata: ["error": "\(error)"])
                throw ExitCode(1)
            }
        }
        var procfs: ProcfsWriter?
        if let procfsDirectory {
            var totals: (@Sendable () -> TrafficCounters)?
            if let forwarding = director { totals = { DirectorObserver.totals(forwarding) } }
            do {
                procfs = try ProcfsWriter(
                    control: tableControl, directory: procfsDirectory, intervalMilliseconds: 1000, totals: totals,
                    logger: logger)
            } catch {
                speaker?.stop()
                checkpointer?.stop()
                director?.stop()
                logger.critical(
                    "cannot write the procfs files", metadata: ["dir": "\(procfsDirectory)", "error": "\(error)"])
                throw ExitCode(1)
            }
        }
        defer {
            // The routes go first (BIRD closes its session), while the data plane still serves
            // the packets the router sends until it has heard.
            speaker?.stop()
            procfs?.stop()
            // The last checkpoint first, while the workers still hold the table.
            checkpointer?.stop()
            director?.stop()
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: daemon),
                    // A finished drain stops the director as SIGTERM would.
                    .init(
                        service: DrainWatch(state: drain, liveConnections: liveConnections, logger: logger),
                        successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            await metrics?.stop()
            throw error
        }
        await metrics?.stop()
    }
}
