import LVSVocabulary

/// The packet-level IPVS core: the service table, the connection table and the sysctls,
/// doing per packet what the kernel's ip_vs_in / ip_vs_out do (ip_vs_core.c): find the
/// connection or schedule a new one, count, move the TCP state, restart the timer, and say
/// where the packet goes.
///
/// Not thread-safe and allocation-free per packet in steady state: one engine per worker,
/// or one engine behind the daemon's lock. Having one owner at a time, its stored properties
/// skip the runtime's dynamic exclusivity checks (as `ConnectionTable`'s do).
public final class IPVSEngine {
    public let table: IPVSTable
    public let connections: ConnectionTable
    /// The net.ipv4.vs settings. Setting them recomputes the defence level at once, as the
    /// kernel's sysctl handler does (so drop_entry=1 may read back as 2).
    public var sysctls: IPVSSysctls {
        get { settings }
        set {
            settings = newValue
            updateDefenceLevel()
        }
    }
    @exclusivity(unchecked) var settings: IPVSSysctls
    /// What drop_entry, drop_packet and secure_tcp do now (updated every second and on a change).
    @exclusivity(unchecked) public internal(set) var defence = DefenceLevel()
    /// The most connections and templates this engine holds (its share of --max-connections):
    /// a new connection beyond it is dropped (`EngineDropReason.connectionLimit`) unless
    /// drop_entry is in force and an embryonic entry can make room.
    public var connectionLimit = Int.max {
        didSet {
            connections.entryLimit = connectionLimit
            updateDefenceLevel()
        }
    }
    /// How many engines share the director's limit (one per worker): the director's headroom,
    /// for the defences' "available memory", is this engine's times this.
    @exclusivity(unchecked) public var enginesSharingLimit = 1
    /// Entries the defences took out (drop_entry's timer, and room made at the limit).
    @exclusivity(unchecked) public internal(set) var evictedEntries: UInt64 = 0
    @exclusivity(unchecked) var nextDefenceRun: Int64?
    @exclusivity(unchecked) var defenceRandom: SplitMix64
    /// todrop_entry's countdowns, one per client packet count 1-8 (kernel dropentry_counters).
    @exclusivity(unchecked) var entryDropCountdowns: [Int8] = Array(repeating: 0, count: 8)
    /// Every service's traffic together (kernel tot_stats).
    @exclusivity(unchecked) public internal(set) var totalCounters = TrafficCounters()
    @exclusivity(unchecked) public internal(set) var totalEstimator = RateEstimator()
    let registry = DestinationRegistry()
    @exclusivity(unchecked) private var timeoutsSource = IPVSTimeouts()
    @exclusivity(unchecked) private(set) var timeouts = ConnectionTimeouts()
    @exclusivity(unchecked) var dueScratch: [Int32] = []
    @exclusivity(unchecked) var nextEstimation: Int64?
    /// What this engine queued for the sync master (kernel sync_buff queue), drained by the
    /// control plane; sized once from `sysctls.syncQueueLengthMax`.
    public let syncOutbox: SyncOutbox
    /// Whether a master sync daemon runs (kernel sync_state & IP_VS_STATE_MASTER): follows
    /// the table's `syncDaemons` after every admin batch.
    @exclusivity(unchecked) public internal(set) var isSyncMaster = false

    /// "size=4096": the kernel's default conn_tab_bits is 12.
    public static let connectionTableSizeShown: UInt32 = 4096

    public init(
        table: IPVSTable = IPVSTable(), sysctls: IPVSSysctls = IPVSSysctls(),
        expectedConnections: Int = 1024, hashSeed: UInt64 = 0x5eed_1b5c_0de5_a1e5
    ) {
        self.table = table
        settings = sysctls
        connections = ConnectionTable(expectedCount: expectedConnections, seed: hashSeed)
        syncOutbox = SyncOutbox(capacity: max(1, sysctls.syncQueueLengthMax) * SyncOutbox.entriesPerMessage)
        defenceRandom = SplitMix64(seed: hashSeed ^ 0xdef_e9ce)
        refreshTimeouts()
        updateDefenceLevel()
    }

    @inline(__always) func refreshTimeouts() {
        let t = table.timeouts
        if t != timeoutsSource {
            timeoutsSource = t
            timeouts = ConnectionTimeouts(t)
        }
    }

    // MARK: Packets

    /// Decides what happens to one packet and updates connections and counters.
    /// Never traps, whatever `packet` holds.
    public func process(_ packet: PacketMeta, now: Instant) -> EngineVerdict {
        guard packet.ipProtocol == IPProtocolNumber.tcp || packet.ipProtocol == IPProtocolNumber.udp else {
            return .pass(.unsupportedProtocol)
        }
        guard packet.source.family == packet.destination.family else { return .drop(.malformed) }
        refreshTimeouts()
        let ms = now.milliseconds
        if packet.origin == .realServer { return processReply(packet, ms) }

        var id = connections.lookup(
            proto: packet.ipProtocol, client: packet.source,
            clientPort: packet.sourcePort, virtual: packet.destination,
            virtualPort: packet.destinationPort)
        if id >= 0 && isNewConnection(packet) && connections[id].control < 0 {
            // A new connection on an old tuple: start afresh when the old one is over
            // (conn_reuse_mode) or its server is quiesced (expire_nodest_conn).
            let e = connections[id]
            var reschedule = false
            if sysctls.expireNodestConn, let d = registry.server(e.destination), d.weight == 0 {
                reschedule = true
            } else if sysctls.connReuseMode != 0 && isNewConnectionExpected(e) {
                reschedule = true
            }
            if reschedule {
                if e.controlCount == 0 { expire(id, now: ms, dropControlChain: false) }
                id = -1
            }
        }
        if id >= 0, let d = registry.server(connections[id].destination), !d.isAvailable {
            guard sysctls.expireNodestConn else { return .drop(.destinationUnavailable) }
            expire(id, now: ms, dropControlChain: false)
            id = -1
        }

        var entry: ConnectionEntry
        if id < 0 {
            switch schedule(packet, ms) {
            case .stored(let newID):
                id = newID
                entry = connections[id]
            case .transient(let e):
                entry = e
            case .verdict(let v):
                return v
            }
        } else {
            entry = connections[id]
        }

        countIn(entry.destination, packet.length)
        transition(&entry, output: false, flags: packet.tcpFlags)
        let verdict = forwardVerdict(entry, id: id)
        if id >= 0 {
            entry.inPackets &+= 1
            if entry.inPackets == 0 { entry.flags.insert(.manyPackets) }
            connections[id] = entry
            connections.setExpiry(id, ms &+ entry.timeout)
            if isSyncMaster { queueForSync(id, packets: Int(entry.inPackets), now: ms) }
        } else {
            // One-packet scheduling: the connection ends with its packet; the kernel never
            // syncs it, only its template.
            if isSyncMaster { queueForSync(entry.control, packets: nil, now: ms) }
            finish(entry, now: ms, dropControlChain: false)
        }
        return verdict
    }

    /// ip_vs_out for NAT: a real server's reply to a masqueraded connection.
    private func processReply(_ p: PacketMeta, _ ms: Int64) -> EngineVerdict {
        let id = connections.lookupReply(
            proto: p.ipProtocol, server: p.source, serverPort: p.sourcePort,
            client: p.destination, clientPort: p.destinationPort)
        guard id >= 0 else { return .pass(.noConnection) }
        var e = connections[id]
        countOut(e.destination, p.length)
        transition(&e, output: true, flags: p.tcpFlags)
        connections[id] = e
        connections.setExpiry(id, ms &+ e.timeout)
        return .natReply(
            NATReplyAction(
                virtualAddress: e.virtualAddress, virtualPort: e.virtualPort,
                connection: id))
    }

    @inline(__always) private func isNewConnection(_ p: PacketMeta) -> Bool {
        p.ipProtocol == IPProtocolNumber.tcp && p.tcpFlags.contains(.syn)
    }

    /// Kernel is_new_conn_expected: the old connection is finished, a SYN starts a new one.
    private func isNewConnectionExpected(_ e: ConnectionEntry) -> Bool {
        guard e.proto == IPProtocolNumber.tcp else { return false }
        let s = e.tcpState
        return s == .timeWait || s == .close
            || (sysctls.connReuseMode & 2 != 0 && s == .finWait && e.flags.contains(.noOutput))
    }

    func forwardVerdict(_ e: ConnectionEntry, id: Int32) -> EngineVerdict {
        if e.flags.contains(.bypass) { return .bypass }
        let server = registry.server(e.destination)
        return .forward(
            ForwardAction(
                method: e.forward, address: e.destinationAddress, port: e.destinationPort,
                tunnelType: server?.config.tunnelType ?? .ipip, tunnelPort: server?.config.tunnelPort ?? 0,
                tunnelFlags: server?.config.tunnelFlags ?? [], connection: id >= 0 ? id : nil))
    }

    // MARK: Protocol state

    /// Kernel set_tcp_state / udp_state_transition: new state, active/inactive bookkeeping,
    /// template assurance and the timeout the packet restarts.
    func transition(_ e: inout ConnectionEntry, output: Bool, flags: TCPFlags) {
        if e.proto == IPProtocolNumber.tcp {
            var direction: TCPTableDirection = output ? .output : .input
            if e.flags.contains(.noOutput) {
                if output { e.flags.remove(.noOutput) } else { direction = .inputOnly }
            }
            let old = e.tcpState
            let machine = TCPStateMachine(secure: defence.secureTables)
            let new = machine.next(from: old, direction: direction, flags: flags)
            if new != old {
                if let d = registry.server(e.destination) {
                    // Atomic: other workers' engines count on the same server (once per state
                    // change, not per packet).
                    if !e.flags.contains(.inactive) && !new.isActive {
                        d.addCounts(active: -1, inactive: 1)
                        e.flags.insert(.inactive)
                    } else if e.flags.contains(.inactive) && new.isActive {
                        d.addCounts(active: 1, inactive: -1)
                        e.flags.remove(.inactive)
                    }
                }
                if new == .established { assure(e.control) }
            }
            e.state = new.rawValue
            e.timeout = timeouts.tcp(new)
        } else {
            e.timeout = timeouts.udp
            if output { assure(e.control) }
        }
    }

    private func assure(_ control: Int32) {
        guard connections.contains(control), connections[control].isTemplate else { return }
        connections[control].flags.insert(.assured)
    }

    // MARK: Counters

    @inline(__always) func countIn(_ destination: Int32, _ length: UInt32) {
        countIn(destination, packets: 1, bytes: UInt64(length))
    }

    @inline(__always) func countOut(_ destination: Int32, _ length: UInt32) {
        countOut(destination, packets: 1, bytes: UInt64(length))
    }

    /// `packets` toward the real server (all `bytes` of them) for its server, service and the
    /// totals, unless the server is gone.
    @inline(__always) func countIn(_ destination: Int32, packets: UInt64, bytes: UInt64) {
        guard let d = registry.server(destination), d.isAvailable else { return }
        d.counters.inPackets &+= packets
        d.counters.inBytes &+= bytes
        if let s = registry.service(destination) {
            s.counters.inPackets &+= packets
            s.counters.inBytes &+= bytes
        }
        totalCounters.inPackets &+= packets
        totalCounters.inBytes &+= bytes
    }

    /// `countIn` for replies (NAT's real server -> client direction).
    @inline(__always) func countOut(_ destination: Int32, packets: UInt64, bytes: UInt64) {
        guard let d = registry.server(destination), d.isAvailable else { return }
        d.counters.outPackets &+= packets
        d.counters.outBytes &+= bytes
        if let s = registry.service(destination) {
            s.counters.outPackets &+= packets
            s.counters.outBytes &+= bytes
        }
        totalCounters.outPackets &+= packets
        totalCounters.outBytes &+= bytes
    }

    /// Kernel ip_vs_conn_stats: a scheduled connection counts for its server, the service
    /// that scheduled it and the total.
    func countConnection(_ d: RealServer, _ svc: VirtualService) {
        d.counters.connections &+= 1
        svc.counters.connections &+= 1
        totalCounters.connections &+= 1
    }

    // MARK: Binding to real servers

    /// Kernel ip_vs_bind_dest: a new entry counts as inactive (or persistent for templates)
    /// and may push the server over its upper threshold.
    func bind(_ e: inout ConnectionEntry, to d: RealServer, in svc: VirtualService) {
        let id = registry.id(for: d, in: svc)
        registry.retain(id)
        e.destination = id
        e.forward = d.config.forward
        e.flags.insert(.inactive)
        if d.config.forward != .masquerade { e.flags.insert(.noOutput) }
        if e.isTemplate { d.addCounts(persistent: 1) } else { d.addCounts(inactive: 1) }
        let upper = d.config.upperThreshold
        if upper != 0 && d.totalConnections >= Int64(upper) {
            d.isOverloaded = true
        }
    }

    /// Kernel ip_vs_unbind_dest, plus letting go of a deleted server once nothing uses it.
    func unbind(_ e: ConnectionEntry) {
        guard let d = registry.server(e.destination) else { return }
        if e.isTemplate { releaseSharedTemplate(e) }
        if e.isTemplate {
            d.addCounts(persistent: -1)
        } else if e.flags.contains(.inactive) {
            d.addCounts(inactive: -1)
        } else {
            d.addCounts(active: -1)
        }
        let total = d.totalConnections
        let lower = Int64(d.config.lowerThreshold)
        let upper = Int64(d.config.upperThreshold)
        if lower != 0 {
            if total < lower { d.isOverloaded = false }
        } else if upper != 0 {
            if total * 4 < upper * 3 { d.isOverloaded = false }
        } else {
            d.isOverloaded = false
        }
        if registry.release(e.destination) && !d.isAvailable { table.purgeTrash(d) }
    }

    // MARK: Expiry

    /// Kernel ip_vs_conn_expire: a template still controlling connections waits another
    /// 60 s; anything else leaves the table. `dropControlChain` is the kernel's timeout 0
    /// (deletion, not a timer): a controlling template that is not ASSURED goes too.
    func expire(_ id: Int32, now: Int64, dropControlChain: Bool) {
        guard connections.contains(id) else { return }
        let e = connections[id]
        if e.controlCount > 0 {
            connections[id].timeout = ConnectionTimeouts.controllingRetry
            connections.setExpiry(id, now &+ ConnectionTimeouts.controllingRetry)
            return
        }
        connections.remove(id)
        finish(e, now: now, dropControlChain: dropControlChain)
    }

    /// What remains after an entry left the table (or a one-packet connection is done):
    /// release its template and its real server.
    func finish(_ e: ConnectionEntry, now: Int64, dropControlChain: Bool) {
        let ct = e.control
        if connections.contains(ct) {
            connections[ct].controlCount -= 1
            let t = connections[ct]
            if dropControlChain && t.controlCount == 0 && (!t.isTemplate || !t.flags.contains(.assured)) {
                delete(ct, now: now)
            }
        }
        unbind(e)
    }

    /// Kernel ip_vs_conn_del: end an entry now; its controlling chain goes with it.
    func delete(_ id: Int32, now: Int64) {
        guard connections.contains(id) else { return }
        expire(id, now: now, dropControlChain: connections[id].control >= 0)
    }
}
