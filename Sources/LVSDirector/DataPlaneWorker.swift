import LVSCore
import LVSDataPlane
import LVSLinux
import LVSVocabulary
import LVSWire

/// One data-plane worker: a plain thread looping over its rings (one per interface, each in
/// the interface's fanout group): wait for frames, run each through the `FrameProcessor`,
/// queue what goes out on the right interface's tx ring, flush. It owns its `WorkerState`
/// outright; the control plane reaches it through the slot's inbox, checked with one atomic
/// load per round. The per-packet path takes no lock and allocates nothing.
///
/// A NAT reply whose connection this worker does not hold (the fanout program guessed the
/// client's end wrong) is copied aside and, after the round, handed to the next worker's
/// inbox; each worker passes it on until one has the connection or all have tried.
final class DataPlaneWorker: @unchecked Sendable {
    let id: Int
    let slot: WorkerSlot
    let peers: [WorkerSlot]
    let rings: [PacketRing]
    let networkView: NetworkViewCell
    private var snapshot: NetworkViewReader
    let processor = FrameProcessor()
    private let scratch: OwnedBuffer
    private let segmentScratch: OwnedBuffer
    /// IP MTU per interface slot.
    let mtus: [Int]
    /// NAT replies to hand to the next worker (this round only).
    private var deferred: FrameStash<Ingress>
    /// Frames waiting for a next hop's MAC (kept up to `awaitMilliseconds`).
    private var awaiting: FrameStash<Awaiting>
    private var awaitingGeneration: UInt64 = .max
    /// With `--data-plane xdp`: this worker's connections in the XDP map.
    let offloader: XDPOffloader?

    struct Awaiting {
        var key: NeighbourKey
        var kind: TxAction.Kind
        var deadline: Int64
    }

    /// Room for a 64 KiB GSO/GRO frame after the headroom.
    static let scratchSize = FrameProcessor.outputHeadroom + 65536 + 512
    static let segmentScratchSize = 4096
    static let blocksPerRound = 8
    static let idleWaitMilliseconds: Int32 = 50
    static let awaitingWaitMilliseconds: Int32 = 2
    /// How long a frame waits for its neighbour (the kernel's ARP retries take about as long).
    static let awaitMilliseconds: Int64 = 1000
    static let awaitingCapacity = 64

    init(
        id: Int, slot: WorkerSlot, peers: [WorkerSlot], rings: [PacketRing], mtus: [Int], networkView: NetworkViewCell,
        fastPath: XDPFastPath? = nil
    ) {
        self.id = id
        offloader = fastPath.map { XDPOffloader(fastPath: $0, worker: id) }
        slot.state.offloadEnabled = fastPath != nil
        slot.state.offloader = offloader
        self.mtus = mtus
        segmentScratch = OwnedBuffer(count: Self.segmentScratchSize)
        self.slot = slot
        self.peers = peers
        self.rings = rings
        self.networkView = networkView
        snapshot = NetworkViewReader(networkView)
        scratch = OwnedBuffer(count: Self.scratchSize)
        // NAT replies are often GRO/GSO super-frames (a real server's response): 64 KiB slots.
        deferred = FrameStash(capacity: peers.count > 1 ? 32 : 0, slotSize: 65536 + 512)
        awaiting = FrameStash(capacity: Self.awaitingCapacity)
    }

    func run(until stop: StopFlag) {
        slot.attach()
        defer { slot.detach() }
        var poller = PacketRingPoller(rings, or: slot.wake)
        while !stop.isSet {
            let received = round()
            if received == 0 {
                // Frames waiting for a neighbour, or queued on a tx ring the kernel pushed back
                // on, are looked at again soon; otherwise sleep longer.
                let busy = awaiting.count > 0 || rings.contains { $0.pendingTransmits > 0 }
                let wait = busy ? Self.awaitingWaitMilliseconds : Self.idleWaitMilliseconds
                _ = try? poller.wait(timeoutMilliseconds: wait)
            }
        }
    }

    /// One pass over the inbox and every ring; returns the frames seen.
    func round() -> Int {
        let snap = snapshot.read()
        let now = MonotonicClock.now()
        let state = slot.state
        var received = 0
        slot.serviceInbox { frames in
            received &+= frames.count
            tryHandedOver(&frames, state: state, snap: snap, now: now)
        }
        // Before the engine's timer: XDP's packets restart their connections' timers first.
        offloader?.sweepIfDue(engine: state.engine, snap: snap, learned: state.learned, now: now)
        if state.tickIfDue(now) { countRingDrops(&state.counters) }
        if !state.announcements.isEmpty { announce(state, snap) }
        if awaiting.count > 0 { releaseAwaiting(snap, now, state) }
        for (interface, ring) in rings.enumerated() {
            received &+= ring.receive(
                maxBlocks: Self.blocksPerRound, lookahead: ConnectionWarmer.lookahead,
                ahead: { frame in
                    ConnectionWarmer.warm(
                        FrameBuffer(frame.bytes), table: state.engine.connections, view: snap)
                }
            ) { frame in
                state.counters.received &+= 1
                let ingress = Ingress(
                    interface: interface, packetType: frame.packetType,
                    checksumPartial: frame.checksumNotReady,
                    vlanStripped: frame.status.contains(.vlanValid), wireLength: frame.wireLength)
                handle(FrameBuffer(frame.bytes), ingress, state: state, counters: &state.counters, snap: snap, now: now)
            }
        }
        flushAll()
        if let offloader, offloader.hasPending { offloader.writePending(engine: state.engine, now: now) }
        if deferred.count > 0 { handOverDeferred(&state.counters) }
        return received
    }

    @inline(__always)
    private func handle(
        _ frame: FrameBuffer, _ ingress: Ingress, state: WorkerState, counters: inout DataPlaneCounters,
        snap: NetworkView, now: Instant
    ) {
        var output = FrameBuffer(scratch.bytes, start: FrameProcessor.outputHeadroom, count: 0)
        let action = processor.process(
            frame, ingress: ingress, state: state, neighbours: snap, now: now, output: &output)
        if state.offloadCandidate != nil { takeOffloadCandidate(action, state) }
        if case .replyWithoutConnection = action, deferred.capacity > 0 {
            var next = ingress
            next.handOvers = 1
            if !deferred.append(frame, next) { counters.count(.director(.deferralBacklog)) }
            return
        }
        account(action, output, &counters, now: now)
    }

    /// Queues the frame processor's offer for the XDP map, if the frame went out (a frame still
    /// waiting for its neighbour's MAC is not a hop XDP can use).
    @inline(__always)
    private func takeOffloadCandidate(_ action: TxAction, _ state: WorkerState) {
        defer { state.offloadCandidate = nil }
        guard let offloader, let candidate = state.offloadCandidate else { return }
        if candidate.withdraw {
            offloader.queue(candidate)
        } else if case .transmit = action {
            offloader.queue(candidate)
        }
    }

    @inline(__always)
    private func account(_ action: TxAction, _ output: FrameBuffer, _ counters: inout DataPlaneCounters, now: Instant) {
        switch action {
        case .transmit(let interface, let kind):
            if let failure = transmit(output, on: interface, &counters) {
                counters.count(.director(failure))
                return
            }
            counters.transmitted &+= 1
            if kind == .arp { counters.arpSent &+= 1 }
            if kind == .icmp { counters.icmpSent &+= 1 }
        case .pass(let reason): counters.count(reason)
        case .notForUs: counters.notForUs &+= 1
        case .drop(let drop): counters.count(drop)
        case .unresolved(let key):
            let waiting = Awaiting(key: key, kind: .forward, deadline: now.milliseconds &+ Self.awaitMilliseconds)
            if !awaiting.append(output, waiting) { counters.count(.director(.neighbourUnresolved)) }
        case .replyWithoutConnection: counters.count(DirectorPass.engine(.noConnection))
        }
    }

    /// Queues `frame` on the interface's tx ring (flushing once if it is full). Returns why not.
    @inline(__always)
    private func transmit(
        _ frame: FrameBuffer, on interface: Int, _ counters: inout DataPlaneCounters
    ) -> DirectorDropReason? {
        guard rings.indices.contains(interface) else { return .noRoute }
        let ring = rings[interface]
        let mtu = interface < mtus.count ? mtus[interface] : 1500
        if frame.count > ring.transmitCapacity || frame.count > mtu + HeaderSize.ethernet + HeaderSize.vlanTag {
            let failure = transmitSegmented(frame, ring: ring, mtu: mtu)
            if failure == nil { counters.segmented &+= 1 }
            return failure
        }
        let bytes = UnsafeRawBufferPointer(start: frame.storage + frame.start, count: frame.count)
        if ring.send(bytes) { return nil }
        _ = try? ring.flush()
        return ring.send(bytes) ? nil : .transmitRingFull
    }

    /// A TCP super-frame leaves as MTU-sized segments; anything else that large is dropped.
    private func transmitSegmented(_ frame: FrameBuffer, ring: PacketRing, mtu: Int) -> DirectorDropReason? {
        var full = false
        let sent = TCPSegmenter.segment(
            frame, mtu: min(mtu, ring.transmitCapacity - HeaderSize.ethernet - HeaderSize.vlanTag),
            scratch: segmentScratch.bytes
        ) { segment in
            let bytes = UnsafeRawBufferPointer(start: segment.storage + segment.start, count: segment.count)
            if ring.send(bytes) { return true }
            _ = try? ring.flush()
            if ring.send(bytes) { return true }
            full = true
            return false
        }
        if sent != nil { return nil }
        return full ? .transmitRingFull : .frameTooLarge
    }

    /// Frames the kernel dropped because a ring was full (read with the engine's timer, not
    /// per frame: it is a system call).
    private func countRingDrops(_ counters: inout DataPlaneCounters) {
        for ring in rings {
            if let s = try? ring.statistics(), s.drops > 0 {
                counters.count(.director(.receiveRingFull), times: UInt64(s.drops))
            }
        }
    }

    private func flushAll() {
        for ring in rings where ring.pendingTransmits > 0 { _ = try? ring.flush() }
    }

    /// Sends the frames whose neighbour is now known (from the kernel's table through the
    /// snapshot, or seen by this worker, as a neighbour advertisement is); drops those that
    /// waited too long.
    private func releaseAwaiting(_ snap: NetworkView, _ now: Instant, _ state: WorkerState) {
        let fresh = snap.generation != awaitingGeneration
        awaitingGeneration = snap.generation
        for i in 0..<awaiting.count {
            guard let (frame, waiting) = awaiting[i] else { continue }
            var mac: MACAddress? = fresh ? snap.neighbours[waiting.key] : nil
            if mac == nil, let learned = state.learned.lookup(waiting.key.address),
                learned.interface == waiting.key.interface
            {
                mac = learned.mac
            }
            if let mac {
                EthernetHeader(frame).destination = mac
                account(
                    .transmit(interface: waiting.key.interface, kind: waiting.kind), frame, &state.counters, now: now)
                awaiting.remove(i)
            } else if now.milliseconds >= waiting.deadline {
                state.counters.count(.director(.neighbourUnresolved))
                awaiting.remove(i)
            }
        }
        awaiting.compact()
    }

    /// Gratuitous ARPs the control plane asked for.
    private func announce(_ state: WorkerState, _ snap: NetworkView) {
        for a in state.announcements where snap.interfaces.indices.contains(a.interface) {
            var output = FrameBuffer(scratch.bytes, start: FrameProcessor.outputHeadroom, count: 0)
            let mac = snap.interfaces[a.interface].mac
            let written =
                a.address.isV4
                ? ARPResponder.writeGratuitous(&output, mac: mac, address: a.address)
                : NDPResponder.writeUnsolicited(&output, mac: mac, address: a.address)
            guard written == .forward || written == .reply else { continue }
            if transmit(output, on: a.interface, &state.counters) == nil {
                state.counters.transmitted &+= 1
                state.counters.arpSent &+= 1
            }
        }
        state.announcements.removeAll(keepingCapacity: true)
    }

    /// NAT replies other workers handed over: handled here if this worker has the connection,
    /// else passed on (after the inbox is released) until every worker has tried.
    private func tryHandedOver(
        _ frames: inout FrameStash<Ingress>, state: WorkerState, snap: NetworkView,
        now: Instant
    ) {
        for i in 0..<frames.count {
            guard let (frame, ingress) = frames[i] else { continue }
            var output = FrameBuffer(scratch.bytes, start: FrameProcessor.outputHeadroom, count: 0)
            let action = processor.process(
                frame, ingress: ingress, state: state, neighbours: snap, now: now,
                output: &output)
            if state.offloadCandidate != nil { takeOffloadCandidate(action, state) }
            if case .replyWithoutConnection = action {
                if ingress.handOvers < peers.count - 1 {
                    var next = ingress
                    next.handOvers &+= 1
                    if !deferred.append(frame, next) { state.counters.count(.director(.deferralBacklog)) }
                } else {
                    state.counters.count(DirectorPass.engine(.noConnection))
                }
                continue
            }
            state.counters.deferredFound &+= 1
            account(action, output, &state.counters, now: now)
        }
        frames.removeAll()
    }

    /// Hands this round's connection-less NAT replies to the next worker.
    private func handOverDeferred(_ counters: inout DataPlaneCounters) {
        let next = peers[(id + 1) % peers.count]
        for i in 0..<deferred.count {
            guard let (frame, ingress) = deferred[i] else { continue }
            if !next.handOver(frame, ingress) { counters.count(.director(.deferralBacklog)) }
        }
        deferred.removeAll()
    }
}

extension DataPlaneCounters {
    mutating func reset() {
        received = 0
        transmitted = 0
        arpSent = 0
        icmpSent = 0
        notForUs = 0
        deferredFound = 0
        segmented = 0
        for i in passed.indices { passed[i] = 0 }
        for i in drops.indices { drops[i] = 0 }
    }
}
