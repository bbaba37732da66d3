import LVSControl
import LVSCore
import LVSLinux
import LVSVocabulary
import LVSWire
import LVSXDP
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The forwarding director: data-plane workers over AF_PACKET rings on the given interfaces,
/// the neighbour maintainer, and the control service `ipvsadm` talks to.
///
/// `start` must run on a thread inside the director's network namespace (the process's own,
/// for `lvs director`; `LabHost.run` in tests): the rings, the probe socket and the threads it
/// starts all belong to that namespace from then on, whatever thread later calls `stop`.
public final class Director: Sendable {
    public struct Configuration: Sendable {
        public var interfaces: [String]
        /// Data-plane threads; each has its own engine (connection table, scheduler state).
        public var workers: Int
        public var ring: PacketRingConfiguration
        /// Turn net.ipv4.ip_forward off while running (restored on stop): the kernel sees every
        /// frame too, and must not forward a second copy of what the director forwards.
        public var disableKernelForwarding: Bool
        public var sysctls: IPVSSysctls
        /// The most connections and templates the director holds, split evenly over the
        /// workers (each has its own table); `Int.max` for no limit.
        public var maxConnections: Int
        /// Applied as one batch before the first frame is read (a restored table), so a
        /// restarted director forwards for its VIPs from its first frame.
        public var initialOperations: [AdminOperation]
        /// VRRP instances' addresses as a restarted director must start: released (applied
        /// before `initialOperations`, so no restored VIP is answered or announced first).
        public var initialOwnerships: [AddressOwnership]
        /// Where the ip_forward value found at start is kept while the director holds it at 0.
        /// A director killed by SIGKILL cannot restore it; the next one finds this file, restores
        /// the value from it (not the 0 it finds) and removes the file when it stops.
        public var forwardingRecordPath: String?
        /// Keep the kernel off the services with an nftables table (`KernelGuard`), from the first
        /// service on; the start fails when nftables cannot be used. False (`--no-kernel-guard`)
        /// for hosts that keep the kernel off the VIPs otherwise.
        public var kernelGuard: Bool
        /// Connections of a checkpoint (`ConnectionCheckpoint`), applied as a sync backup applies
        /// received ones after `initialOperations` and before the first frame is read.
        public var initialConnections: [ConnectionEntry]
        /// `.automatic` (the default): the XDP fast path where every interface supports it, else
        /// the packet path. `.xdp`: the XDP program forwards established connections' packets
        /// (docs/xdp.md); the start fails when it cannot be loaded or attached to every interface.
        public var dataPlane: DataPlaneMode

        public init(
            interfaces: [String], workers: Int = WorkerThread.onlineProcessors,
            ring: PacketRingConfiguration = Director.defaultRing, disableKernelForwarding: Bool = true,
            sysctls: IPVSSysctls = IPVSSysctls(), initialOperations: [AdminOperation] = [],
            initialOwnerships: [AddressOwnership] = [], forwardingRecordPath: String? = nil,
            kernelGuard: Bool = true, initialConnections: [ConnectionEntry] = [],
            maxConnections: Int = Int.max, dataPlane: DataPlaneMode = .automatic
        ) {
            self.dataPlane = dataPlane
            self.maxConnections = max(1, maxConnections)
            self.interfaces = interfaces
            self.workers = max(1, workers)
            self.ring = ring
            self.disableKernelForwarding = disableKernelForwarding
            self.sysctls = sysctls
            self.initialOperations = initialOperations
            self.initialOwnerships = initialOwnerships
            self.forwardingRecordPath = forwardingRecordPath
            self.kernelGuard = kernelGuard
            self.initialConnections = initialConnections
        }
    }

    /// A TPACKET_V2 frame ring (a frame is handled the moment it arrives; TPACKET_V3 blocks
    /// would hold every frame until a retire timer, 1-4 ms per hop at light load), 4096 rx
    /// slots of 2 KiB (grown to the interface MTU), 1024 tx slots.
    public static var defaultRing: PacketRingConfiguration {
        var c = PacketRingConfiguration()
        c.layout = .frames
        c.blockSize = 1 << 18
        c.blockCount = 32
        c.rxFrameSize = 2048
        c.txFrameCount = 1024
        c.ignoreOutgoing = true
        return c
    }

    public let control: WorkerControlService
    public let networkView: NetworkViewCell
    let slots: [WorkerSlot]
    private let neighbours: NeighbourMaintainer
    private let threads: [WorkerThread]
    private let stopFlag: StopFlag
    private let stopped = Atomic<Bool>(false)
    private let logger: Logger
    private let fastPath: XDPFastPath?

    private init(
        control: WorkerControlService, networkView: NetworkViewCell, slots: [WorkerSlot],
        neighbours: NeighbourMaintainer, threads: [WorkerThread], stopFlag: StopFlag, logger: Logger,
        fastPath: XDPFastPath?
    ) {
        self.fastPath = fastPath
        self.control = control
        self.networkView = networkView
        self.slots = slots
        self.neighbours = neighbours
        self.threads = threads
        self.stopFlag = stopFlag
        self.logger = logger
    }

    public static func start(_ configuration: Configuration, logger: Logger) throws -> Director {
        let names = configuration.interfaces
        guard !names.isEmpty else { throw DirectorError("no interface to forward on") }
        guard Set(names).count == names.count else { throw DirectorError("an interface is given twice") }
        // First: a director that cannot guard its VIPs says so before it changes anything.
        let kernelGuard = configuration.kernelGuard ? KernelGuard(logger: logger) : nil
        try kernelGuard?.prepare()
        let addresses = try InterfaceAddresses.all()
        var interfaces: [DirectorInterface] = []
        for name in names {
            let nic = try NetworkInterface.named(name)
            let a = addresses[name] ?? []
            interfaces.append(
                DirectorInterface(
                    name: name, index: nic.index, mac: nic.address,
                    mtu: nic.mtu, addresses: a.filter(\.isV4) + a.filter { !$0.isV4 }))
        }
        let slotsByName = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let routes = KernelTableReader.routes(interfaces: slotsByName) ?? []
        let neighbours = KernelTableReader.ipv4Neighbours(interfaces: slotsByName) ?? [:]
        let networkView = NetworkViewCell(
            NetworkView(
                interfaces: interfaces, routes: routes, neighbours: neighbours,
                localAddresses: Set(addresses.values.joined())))

        // Before anything on the host changes: a program the kernel refuses leaves no trace.
        let fastPath: XDPFastPath?
        switch configuration.dataPlane {
        case .packet:
            fastPath = nil
        case .xdp:
            fastPath = try XDPFastPath.start(
                interfaces: interfaces, workers: configuration.workers, maxConnections: configuration.maxConnections,
                logger: logger)
        case .automatic:
            fastPath = XDPFastPath.startIfSupported(
                interfaces: interfaces, workers: configuration.workers, maxConnections: configuration.maxConnections,
                logger: logger)
        }

        let record = configuration.forwardingRecordPath
        let found = configuration.disableKernelForwarding ? try? Sysctl.read("net.ipv4.ip_forward") : nil
        let left = configuration.disableKernelForwarding ? record.flatMap(Self.recordedForwarding) : nil
        let previousForwarding = left ?? found
        if let left, let record {
            // A director that did not stop cleanly set the 0 found now; the value before it is this.
            logger.notice(
                "net.ipv4.ip_forward was left by a director that did not stop; restoring its original value on stop",
                metadata: ["original": "\(left)", "record": "\(record)"])
        }
        if configuration.disableKernelForwarding, let record, let previous = previousForwarding, previous != "0" {
            try TextFile.writeAtomically(record, bytes: Array((previous + "\n").utf8), mode: 0o600, durable: true)
        }
        if configuration.disableKernelForwarding && previousForwarding != "0" {
            try Sysctl.write("net.ipv4.ip_forward", "0")
            logger.info("net.ipv4.ip_forward set to 0 while the director forwards")
        }

        let slots = (0..<configuration.workers).map { _ -> WorkerSlot in
            let engine = IPVSEngine(sysctls: configuration.sysctls)
            return WorkerSlot(engine: engine)
        }
        // One fanout group per interface (groups belong to a device), joined worker by worker
        // so member i is worker i in every group; flows go to workers by their client's end.
        let groupBase = UInt16(truncatingIfNeeded: (Int(getpid()) & 0x0FFF) << 4)
        var workers: [DataPlaneWorker] = []
        for (w, slot) in slots.enumerated() {
            var rings: [PacketRing] = []
            for (i, nic) in interfaces.enumerated() {
                var ring = configuration.ring
                if ring.layout == .frames {
                    // Room for a full-MTU frame, a VLAN tag and the kernel's header in one slot.
                    let needed = (nic.mtu + HeaderSize.ethernet + HeaderSize.vlanTag + 96 + 15) / 16 * 16
                    if needed > ring.rxFrameSize { ring.rxFrameSize = min(needed, ring.blockSize) }
                }
                if configuration.workers > 1 {
                    ring.fanout = PacketFanout(
                        groupID: groupBase &+ UInt16(i), mode: .classicBPF,
                        program: ClientFlowSteering.program)
                }
                rings.append(try PacketRing(interfaceIndex: nic.index, configuration: ring))
            }
            workers.append(
                DataPlaneWorker(
                    id: w, slot: slot, peers: slots, rings: rings, mtus: interfaces.map(\.mtu),
                    networkView: networkView, fastPath: fastPath))
        }

        let maintainer = NeighbourMaintainer(
            cell: networkView, slots: slots, interfaceSlots: slotsByName,
            probe: try NeighbourProbe(), kernelGuard: kernelGuard, logger: logger)
        let sync = SyncDaemon(slots: slots, sysctls: configuration.sysctls, logger: logger)
        let control = WorkerControlService(
            slots: slots, clock: { MonotonicClock.now() },
            hooks: ControlHooks(
                tableChanged: {
                    maintainer.tableChanged($0)
                    sync.configure($0.syncDaemons)
                },
                ownershipChanged: { maintainer.ownershipChanged($0) },
                announce: { maintainer.announceOwned($0) },
                syncStatus: { sync.currentStatus() }))
        control.setConnectionLimit(configuration.maxConnections)
        for ownership in configuration.initialOwnerships { _ = control.handle(.setOwnership(ownership)) }
        if !configuration.initialOperations.isEmpty,
            case .rejected(let error) = control.handle(.apply(configuration.initialOperations))
        {
            throw DirectorError("the initial table is refused: \(error)")
        }
        if !configuration.initialConnections.isEmpty {
            Self.restore(configuration.initialConnections, into: slots, now: MonotonicClock.now())
        }
        let stop = StopFlag()
        var threads: [WorkerThread] = []
        do {
            for worker in workers {
                threads.append(try WorkerThread(name: "lvs-worker-\(worker.id)") { worker.run(until: stop) })
            }
            threads.append(try WorkerThread(name: "lvs-sync") { sync.run(until: stop) })
            threads.append(
                try WorkerThread(name: "lvs-neighbours") {
                    maintainer.run(until: stop)
                    // Restored here: sysctls act on the calling thread's namespace, and this thread
                    // lives in the director's.
                    if let previous = previousForwarding, previous != "0" {
                        try? Sysctl.write("net.ipv4.ip_forward", previous)
                    }
                    if let record { _ = try? TextFile.remove(record) }
                })
        } catch {
            stop.set()
            for t in threads { t.join() }
            throw error
        }
        logger.info(
            "director forwarding",
            metadata: [
                "interfaces": "\(names)", "workers": "\(configuration.workers)",
                "max_connections": "\(configuration.maxConnections)",
                "data_plane": "\(fastPath == nil ? DataPlaneMode.packet.rawValue : DataPlaneMode.xdp.rawValue)",
                "addresses": "\(interfaces.map { "\($0.name)=\($0.mac)" })",
            ])
        return Director(
            control: control, networkView: networkView, slots: slots, neighbours: maintainer, threads: threads,
            stopFlag: stop, logger: logger, fastPath: fastPath)
    }

    /// Next hops (real servers, gateways) the kernel is still asked to resolve: address,
    /// interface name, and how long (ms) each has been missing.
    public func unresolvedNeighbours() -> [(address: InetAddress, interface: String, missingFor: Int64)] {
        let view = networkView.current
        return neighbours.unresolved(now: MonotonicClock.now().milliseconds).map { entry in
            let index = entry.key.interface
            let name = view.interfaces.indices.contains(index) ? view.interfaces[index].name : "?"
            return (entry.key.address, name, entry.missingFor)
        }
    }

    /// The ip_forward value a forwarding record holds, if there is a valid one.
    public static func recordedForwarding(_ path: String) -> String? {
        guard let text = try? TextFile.read(path) else { return nil }
        let value = text.filter { !$0.isWhitespace }
        return value == "0" || value == "1" ? value : nil
    }

    /// Stops the workers and the maintainer and waits for them. Idempotent.
    public func stop() {
        guard stopped.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            return
        }
        stopFlag.set()
        for t in threads { t.join() }
        if let fastPath {
            fastPath.detach()
            logger.info("XDP program detached", metadata: ["statistics": "\(fastPath.statistics)"])
        }
        let c = counters()
        logger.info(
            "director stopped forwarding",
            metadata: [
                "received": "\(c.received)", "transmitted": "\(c.transmitted)", "arp": "\(c.arpSent)",
                "icmp": "\(c.icmpSent)", "segmented": "\(c.segmented)", "drops": "\(c.dropsByLabel)",
                "passed": "\(c.passedByLabel)",
            ])
    }

    deinit { stop() }

    /// The data plane the director runs: `.xdp` or `.packet` (what `.automatic` chose).
    public var dataPlane: DataPlaneMode { fastPath == nil ? .packet : .xdp }

    /// With `--data-plane xdp`: what the XDP fast path did (nil without it).
    public func xdpStatistics() -> XDPFastPathStatistics? { fastPath?.statistics }

    /// With `--data-plane xdp`: whether the XDP map has an entry for packets with this tuple.
    public func xdpHasFlow(_ key: XDPFlowKey) -> Bool {
        guard let fastPath, let bytes = key.bytes else { return false }
        return ((try? fastPath.program.flowMap.lookup(key: bytes)) ?? nil) != nil
    }

    /// Every worker's frame counters, summed.
    public func counters() -> DataPlaneCounters { control.counters() }
}
