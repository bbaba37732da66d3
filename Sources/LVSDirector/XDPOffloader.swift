import LVSCore
import LVSVocabulary
import LVSWire
import LVSXDP

/// One worker's side of the XDP fast path: the connections it wrote into the map, their counter
/// slots, and what their counters showed at the last sweep. Everything here is a system call on
/// the worker's control path (after a receive batch, once a second), never per packet.
///
/// Once a second (and before a listing) the sweep reads the worker's counter slots in one batch
/// system call: packets XDP forwarded
/// are added to the engine's counters and restart the connection's timer (they never reached
/// the engine); a connection that is gone (expired, removed by -C or a service deletion, its id
/// reused) or no longer ESTABLISHED loses its map entry, so its packets take the Swift path again.
final class XDPOffloader {
    /// A connection's direction: NAT connections have one entry each way.
    struct Direction: Hashable {
        var connection: Int32
        var reply: Bool
    }

    struct Record {
        var key: XDPFlowKey
        var slot: UInt32
        /// What was written (its hop is compared with the network view when that changes).
        var entry: XDPFlowEntry
        var hop: InetAddress
        var packets: UInt64 = 0
        var bytes: UInt64 = 0
    }

    let fastPath: XDPFastPath
    let worker: Int
    private let firstSlot: UInt32
    private let slotCount: UInt32
    private var nextUnusedSlot: UInt32 = 0
    private var freedSlots: [UInt32] = []
    private(set) var records: [Direction: Record] = [:]
    private var pending: [OffloadCandidate] = []
    private var gone: [Direction] = []
    private var nextSweep: Int64 = .min
    /// The network view generation and the worker's learned-neighbour moves the entries' hops
    /// were last compared with.
    private var checkedGeneration: UInt64 = .max
    private var checkedLearnedMoves: UInt64 = 0
    /// Written and merged since this worker last reported them (`reportByWorker`).
    private var unreportedFlows: UInt64 = 0
    private var unreportedPackets: UInt64 = 0

    static let pendingCapacity = 256
    /// A TCP connection is offered once the client sent this many packets: writing and deleting
    /// an entry costs about four system calls, more than XDP saves on the handful of packets of
    /// a short connection. 8 was too few: a close-per-request HTTP exchange through the bench's
    /// nginx often reaches 8 client packets still ESTABLISHED (its ACKs of the header and body
    /// segments and of the server's FIN), and 25-38k of ~65k such connections per run were
    /// written and deleted for one or two packets each. UDP flows are offered from their first
    /// packet.
    static let tcpPacketsBeforeOffload: UInt16 = 32
    static let sweepIntervalMilliseconds: Int64 = 1000

    init(fastPath: XDPFastPath, worker: Int) {
        self.fastPath = fastPath
        self.worker = worker
        slotCount = fastPath.slotsPerWorker
        firstSlot = UInt32(worker) &* fastPath.slotsPerWorker
        pending.reserveCapacity(Self.pendingCapacity)
    }

    var hasPending: Bool { !pending.isEmpty }

    /// Keeps `candidate` for `writePending` (dropped when the queue is full: a later packet of
    /// the connection offers it again). Allocation-free: the queue's storage is reserved.
    @inline(__always)
    func queue(_ candidate: OffloadCandidate) {
        if pending.count < Self.pendingCapacity { pending.append(candidate) }
    }

    /// Writes (or, for a withdrawal, deletes) the queued connections' map entries.
    func writePending(engine: IPVSEngine, now: Instant) {
        for c in pending {
            if c.withdraw {
                for reply in [false, true] {
                    let d = Direction(connection: c.connection, reply: reply)
                    guard let r = records[d] else { continue }
                    // A short transfer can end before any sweep: its last counts are merged now.
                    merge(d, r, engine: engine, now: now)
                    forget(d, r)
                }
                continue
            }
            let direction = Direction(connection: c.connection, reply: c.reply)
            if let r = records[direction] {
                if r.key == c.key { continue }
                forget(direction, r)
            }
            guard engine.connections.contains(c.connection),
                Self.matches(engine.connections[c.connection], c.key, reply: c.reply),
                let slot = takeSlot()
            else { continue }
            var entry = c.entry
            entry.counterSlot = slot
            do {
                try fastPath.program.resetCounters(slot: slot)
                try fastPath.program.setFlow(c.key, entry)
                records[direction] = Record(key: c.key, slot: slot, entry: entry, hop: c.hop)
                fastPath.flowsWritten.add(1, ordering: .relaxed)
                unreportedFlows &+= 1
            } catch {
                freedSlots.append(slot)
                fastPath.writeFailures.add(1, ordering: .relaxed)
            }
        }
        pending.removeAll(keepingCapacity: true)
        reportByWorker()
    }

    /// Once a second: counters into the engine, timers restarted, entries of finished
    /// connections deleted. Whenever the network view changed (a neighbour's MAC, a route, an
    /// interface), and at the sweep after a host the worker learned moved (its gratuitous ARP,
    /// say): entries whose hop the Swift path would no longer use are deleted, so the
    /// connection's next packet takes the Swift path with the new hop and offers it again.
    /// Learned moves wait for the sweep because they can be many and harmless: an off-link
    /// client's frames arriving through two routers move its learned MAC back and forth, while
    /// its hop is the route's gateway; checking on every move would walk every entry every round.
    func sweepIfDue(engine: IPVSEngine, snap: NetworkView, learned: LearnedNeighbours, now: Instant) {
        let due = now.milliseconds >= nextSweep
        if snap.generation != checkedGeneration || (due && learned.moves != checkedLearnedMoves) {
            checkedGeneration = snap.generation
            checkedLearnedMoves = learned.moves
            withdrawMovedHops(engine: engine, snap: snap, learned: learned, now: now)
        }
        guard due else { return }
        sweepNow(engine: engine, now: now)
    }

    /// The sweep at once, whenever it was due: a listing (`ipvsadm -L --stats`, `--rate`, `-c`, a
    /// metrics scrape) shows XDP's packets up to this moment, as the kernel's counters would.
    func sweepNow(engine: IPVSEngine, now: Instant) {
        nextSweep = now.milliseconds &+ Self.sweepIntervalMilliseconds
        guard !records.isEmpty else { return }
        // Every slot this worker has used, in one system call (BPF_MAP_LOOKUP_BATCH) instead of
        // one per connection: a sweep over 10^5 offloaded flows stays a few milliseconds.
        let counted = (try? fastPath.program.counters(from: firstSlot, count: Int(nextUnusedSlot))) ?? []
        gone.removeAll(keepingCapacity: true)
        for (d, r) in records {
            guard engine.connections.contains(d.connection) else {
                gone.append(d)
                continue
            }
            let e = engine.connections[d.connection]
            let index = Int(r.slot &- firstSlot)
            merge(d, r, counted: index < counted.count ? counted[index] : nil, engine: engine, now: now)
            if !Self.matches(e, r.key, reply: d.reply) || !Self.offloadable(e)
                || !engine.destinationAvailable(d.connection)
            {
                gone.append(d)
            }
        }
        for d in gone {
            if let r = records[d] { forget(d, r) }
        }
        reportByWorker()
    }

    private func withdrawMovedHops(engine: IPVSEngine, snap: NetworkView, learned: LearnedNeighbours, now: Instant) {
        guard !records.isEmpty else { return }
        gone.removeAll(keepingCapacity: true)
        for (d, r) in records where !Self.hopHolds(r.entry, hop: r.hop, snap: snap, learned: learned) {
            gone.append(d)
        }
        for d in gone {
            guard let r = records[d] else { continue }
            merge(d, r, engine: engine, now: now)
            forget(d, r)
            fastPath.hopsMoved.add(1, ordering: .relaxed)
        }
        if !gone.isEmpty { reportByWorker() }
    }

    /// True while `entry` sends where the Swift path would send a packet for `hop` now: the
    /// same next-hop MAC, egress interface and egress MAC (a tunnel: the same outer source and
    /// MTU), the hop resolved as `FrameProcessor.resolve` does (the view's route and neighbour,
    /// else what the worker learned). An unresolved hop does not hold.
    static func hopHolds(
        _ entry: XDPFlowEntry, hop: InetAddress, snap: NetworkView, learned: LearnedNeighbours
    ) -> Bool {
        guard let (slot, mac) = resolvedHop(hop, snap: snap, learned: learned) else { return false }
        let egress = snap.interfaces[slot]
        guard entry.destinationMAC == mac, entry.sourceMAC == egress.mac,
            entry.interfaceIndex == UInt32(bitPattern: egress.index)
        else { return false }
        if case .tunnel(let source, let destination, let mtu, _) = entry.method {
            return Int(mtu) == egress.mtu && egress.tunnelSource(toward: destination) == source
        }
        return true
    }

    /// `FrameProcessor.resolve` without its cache and without asking for resolution.
    static func resolvedHop(
        _ address: InetAddress, snap: NetworkView, learned: LearnedNeighbours
    ) -> (interface: Int, mac: MACAddress)? {
        guard let hop = snap.nextHop(to: address), snap.interfaces.indices.contains(hop.interface) else {
            if let l = learned.lookup(address), snap.interfaces.indices.contains(l.interface) {
                return (l.interface, l.mac)
            }
            return nil
        }
        if let mac = hop.mac { return (hop.interface, mac) }
        if let l = learned.lookup(address), l.interface == hop.interface { return (l.interface, l.mac) }
        return nil
    }

    private func reportByWorker() {
        fastPath.addByWorker(worker, flowsWritten: unreportedFlows, packets: unreportedPackets)
        unreportedFlows = 0
        unreportedPackets = 0
    }

    /// Deletes every entry this worker wrote (the director stops).
    func removeAll() {
        for (d, r) in records { forget(d, r) }
    }

    /// Adds what XDP forwarded for `id` since the last look to the engine's counters (and
    /// restarts its timer), if `id` still names the connection the entry was written for.
    /// `counted`: the slot's counters if the caller read them already (a sweep's batch).
    private func merge(
        _ d: Direction, _ r: Record, counted known: XDPFlowCounters? = nil, engine: IPVSEngine, now: Instant
    ) {
        guard let counted = known ?? (try? fastPath.program.counters(slot: r.slot)), counted.packets > r.packets
        else { return }
        let packets = counted.packets &- r.packets
        let bytes = counted.bytes &- r.bytes
        records[d]?.packets = counted.packets
        records[d]?.bytes = counted.bytes
        let id = d.connection
        if engine.connections.contains(id), Self.matches(engine.connections[id], r.key, reply: d.reply) {
            engine.countForwardedElsewhere(id, packets: packets, bytes: bytes, reply: d.reply, now: now)
        }
        fastPath.packets.add(packets, ordering: .relaxed)
        unreportedPackets &+= packets
        fastPath.bytes.add(bytes, ordering: .relaxed)
    }

    private func forget(_ d: Direction, _ r: Record) {
        _ = try? fastPath.program.removeFlow(r.key)
        records[d] = nil
        freedSlots.append(r.slot)
        fastPath.flowsRemoved.add(1, ordering: .relaxed)
    }

    private func takeSlot() -> UInt32? {
        if let s = freedSlots.popLast() { return s }
        guard nextUnusedSlot < slotCount else { return nil }
        defer { nextUnusedSlot &+= 1 }
        return firstSlot &+ nextUnusedSlot
    }

    /// True while XDP may forward the connection's packets: TCP once ESTABLISHED (until a
    /// FIN/RST, which XDP passes, moves it on), UDP any time.
    @inline(__always)
    static func offloadable(_ e: ConnectionEntry) -> Bool {
        if e.isTemplate || e.flags.contains(.bypass) { return false }
        if e.proto == IPProtocolNumber.tcp { return e.tcpState == .established }
        return e.proto == IPProtocolNumber.udp
    }

    /// True if `key` is the tuple of `e`'s packets in that direction (client -> VIP, or a NAT
    /// reply's real server -> client).
    static func matches(_ e: ConnectionEntry, _ key: XDPFlowKey, reply: Bool = false) -> Bool {
        guard e.proto == key.ipProtocol else { return false }
        if reply {
            return e.forward == .masquerade && e.destinationPort == key.sourcePort
                && e.clientPort == key.destinationPort && e.destinationAddress == key.source
                && e.clientAddress == key.destination
        }
        return e.clientPort == key.sourcePort && e.virtualPort == key.destinationPort
            && e.clientAddress == key.source && e.virtualAddress == key.destination
    }
}
