import LVSVocabulary

/// The connection limit and the kernel's defences (drop_entry, drop_packet, secure_tcp;
/// ip_vs_ctl.c defense_work_handler, ip_vs_conn.c ip_vs_random_dropentry).
extension IPVSEngine {
    /// The kernel's defence timer period (DEFENSE_TIMER_PERIOD): one second.
    static let defenceInterval: Int64 = 1000
    /// How many slots one attempt to make room at the limit samples: the oldest embryonic
    /// entry among them goes, so a client whose SYN was just admitted is all but never the
    /// one pushed out by the next.
    static let roomSamples = 8
    static let roomSampleRun = 4

    /// The director's headroom to its limit in 4 KiB pages of `ConnectionTable.bytesPerEntry`
    /// (see `DefenceLevel`); never negative.
    public var availablePages: Int {
        guard connectionLimit != Int.max else { return Int(Int32.max) }
        let headroom = max(0, connectionLimit - connections.count)
        let bytes = headroom.multipliedReportingOverflow(by: enginesSharingLimit * ConnectionTable.bytesPerEntry)
        return bytes.overflow ? Int(Int32.max) : min(Int(Int32.max), bytes.partialValue / DefenceLevel.pageSize)
    }

    /// Kernel update_defense_level, for this engine's share of the table.
    public func updateDefenceLevel() {
        defence.update(&settings, availablePages: availablePages)
    }

    /// Kernel defense_work_handler: once a second, the level from the current headroom, then
    /// (while drop_entry is in force) one pass of ip_vs_random_dropentry.
    func runDefenceTimer(now ms: Int64) {
        guard let next = nextDefenceRun, ms >= next else {
            if nextDefenceRun == nil { nextDefenceRun = ms &+ Self.defenceInterval }
            return
        }
        nextDefenceRun = ms &+ Self.defenceInterval
        updateDefenceLevel()
        if defence.evictsEntries { dropRandomEntries(now: ms) }
    }

    /// Kernel ip_vs_random_dropentry: looks at a 32nd of the table (from a random place) and
    /// evicts embryonic TCP entries (SYN_RECV, SYNACK) outright, and established TCP, UDP and
    /// unused one-packet templates when `shouldDropEntry` lets it (idle a minute, 1-8 packets).
    /// Bounded: a 32nd of the slots per call.
    func dropRandomEntries(now ms: Int64) {
        let slots = connections.entries.count
        guard slots > 0 else { return }
        let window = max(1, slots / 32)
        var index = Int(defenceRandom.next() % UInt64(slots))
        for _ in 0..<window {
            let id = Int32(index)
            index = index + 1 == slots ? 0 : index + 1
            guard connections.contains(id) else { continue }
            let e = connections[id]
            let drop: Bool
            if e.isTemplate {
                let onePacket = registry.service(e.destination)?.config.isOnePacket ?? false
                drop = e.controlCount == 0 && onePacket && shouldDropEntry(e, now: ms)
            } else if e.proto == IPProtocolNumber.tcp {
                switch e.tcpState {
                case .synReceived, .synAck: drop = true
                case .established: drop = shouldDropEntry(e, now: ms)
                default: drop = false
                }
            } else {
                drop = shouldDropEntry(e, now: ms)
            }
            if drop { evict(id, now: ms) }
        }
    }

    /// Kernel todrop_entry: an entry idle for less than a minute stays (normal connections get
    /// through); so does one with no client packet or more than 8. Of those with n packets,
    /// every n-th goes: the fewer packets, the likelier.
    func shouldDropEntry(_ e: ConnectionEntry, now ms: Int64) -> Bool {
        if ms &+ e.timeout < e.expires &+ 60_000 { return false }
        let packets = Int(e.inPackets)
        guard packets >= 1 && packets <= 8 && !e.flags.contains(.manyPackets) else { return false }
        entryDropCountdowns[packets - 1] -= 1
        if entryDropCountdowns[packets - 1] > 0 { return false }
        entryDropCountdowns[packets - 1] = Int8(packets)
        return true
    }

    /// Kernel ip_vs_conn_expire_now of an entry and then of its template, which goes too once
    /// it controls nothing.
    func evict(_ id: Int32, now ms: Int64) {
        let control = connections[id].control
        expire(id, now: ms, dropControlChain: false)
        evictedEntries &+= 1
        if connections.contains(control) && connections[control].controlCount == 0 {
            expire(control, now: ms, dropControlChain: false)
            evictedEntries &+= 1
        }
    }

    /// Whether `needed` new entries fit under the limit; at the limit, with drop_entry in
    /// force, the oldest embryonic entry of a few sampled makes room for each (the entries
    /// ip_vs_random_dropentry would drop first, dropped when the room is needed rather than at
    /// its once-a-second pace, which a flood outruns).
    func admitsNewEntries(_ needed: Int, now ms: Int64) -> Bool {
        if connections.count + needed <= connectionLimit { return true }
        // A flood fills the table well within the timer's second: a full table is as short of
        // memory as it gets, so drop_entry in mode 1 need not wait for the timer to see it.
        if !defence.evictsEntries && (settings.dropEntry == 1 || settings.dropEntry == 2) { updateDefenceLevel() }
        guard defence.evictsEntries else { return false }
        while connections.count + needed > connectionLimit {
            guard let victim = oldestEmbryonicSample() else { return false }
            evict(victim, now: ms)
        }
        return true
    }

    private func oldestEmbryonicSample() -> Int32? {
        let slots = connections.entries.count
        guard slots > 0 else { return nil }
        var best: Int32 = -1
        var bestExpiry = Int64.max
        for _ in 0..<Self.roomSamples {
            var index = Int(defenceRandom.next() % UInt64(slots))
            for _ in 0..<Self.roomSampleRun {
                let id = Int32(index)
                index = index + 1 == slots ? 0 : index + 1
                guard connections.contains(id) else { continue }
                let e = connections[id]
                // Controlled entries are left to the timer: evicting one may take its template,
                // which a persistent connection being admitted may be about to use.
                guard !e.isTemplate && e.proto == IPProtocolNumber.tcp && e.control < 0,
                    e.tcpState == .synReceived || e.tcpState == .synAck, e.expires < bestExpiry
                else { continue }
                best = id
                bestExpiry = e.expires
            }
        }
        return best >= 0 ? best : nil
    }
}
