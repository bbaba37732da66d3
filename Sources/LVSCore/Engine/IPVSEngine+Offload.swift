import LVSVocabulary

extension IPVSEngine {
    /// Packets of connection `id` that were forwarded without passing through `process` (the
    /// XDP fast path): counted as `process` counts them (the connection's real server, its
    /// service, the totals; in-packets for the client's direction, out-packets for a NAT
    /// reply's), so `--stats` and `--rate` include them, and the connection's timer restarted, as
    /// each of those packets would have. Client packets also advance the connection's own
    /// packet count, and the sync master queues the connection once if one of those packets
    /// would have been synced (its count hit `sync_threshold`, or threshold + k x period): a
    /// backup learns of a long offloaded flow as the kernel's would, at most once per merge.
    /// Nothing happens for an `id` that no longer names a live connection.
    public func countForwardedElsewhere(_ id: Int32, packets: UInt64, bytes: UInt64, reply: Bool = false, now: Instant)
    {
        guard packets > 0, connections.contains(id) else { return }
        let e = connections[id]
        if reply {
            countOut(e.destination, packets: packets, bytes: bytes)
        } else {
            countIn(e.destination, packets: packets, bytes: bytes)
        }
        connections.setExpiry(id, now.milliseconds &+ e.timeout)
        guard !reply else { return }
        let before = e.inPackets
        let total = UInt64(before) &+ packets
        // Field by field: the entry also holds its timer's place, which setExpiry just moved.
        connections[id].inPackets = UInt16(truncatingIfNeeded: total)
        if total > UInt64(UInt16.max) { connections[id].flags.insert(.manyPackets) }
        guard isSyncMaster else { return }
        if let count = Self.lastSyncedCount(
            after: before, adding: packets, threshold: sysctls.syncThreshold, period: sysctls.syncPeriod,
            everyPacket: sysctls.syncRefreshPeriod > 0)
        {
            queueForSync(id, packets: count, now: now.milliseconds)
        } else if connections.contains(e.control) {
            // A template goes whenever a packet of a connection it controls does.
            queueForSync(e.control, packets: nil, now: now.milliseconds)
        }
    }

    /// Of the packet counts `before + 1 ... before + added` (as the 16-bit per-connection count
    /// shows them, wrapping), the last one at which `syncIsDue` would sync a packet: count %
    /// period == threshold, or (period 0) count == threshold; with `everyPacket` (a sync
    /// refresh period, whose timing decides) and period 0, the last count. nil if none.
    static func lastSyncedCount(
        after before: UInt16, adding added: UInt64, threshold: Int, period: Int, everyPacket: Bool
    ) -> Int? {
        guard added > 0 else { return nil }
        let modulus = UInt64(UInt16.max) + 1
        let end = Int((UInt64(before) &+ added) % modulus)
        // The counts seen: [recentLow, end], and before it (after a wrap) [olderLow, 65535].
        let start = Int((UInt64(before) &+ 1) % modulus)
        let wrapped = added >= modulus || start > end
        let recentLow = wrapped ? 0 : start
        let olderLow = added >= modulus ? end + 1 : start
        func last(_ low: Int, _ high: Int) -> Int? {
            guard low <= high else { return nil }
            if period <= 0 { return threshold >= low && threshold <= high ? threshold : nil }
            let candidate = high - ((high % period - threshold + period) % period)
            return candidate >= low ? candidate : nil
        }
        if period <= 0 && everyPacket { return end }
        if period > 0 && (threshold < 0 || threshold >= period) { return nil }
        if let count = last(recentLow, end) { return count }
        return wrapped ? last(olderLow, Int(UInt16.max)) : nil
    }

    /// False once connection `id`'s real server was deleted (with its service, `-d`, `-C`):
    /// `process` then drops its packets (or expires it, with expire_nodest_conn), so nothing
    /// else may forward them either. True for a live connection whose server is still there.
    public func destinationAvailable(_ id: Int32) -> Bool {
        guard connections.contains(id) else { return false }
        return registry.server(connections[id].destination)?.isAvailable ?? false
    }
}
