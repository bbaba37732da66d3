import LVSVocabulary

extension IPVSEngine {
    /// Packets of connection `id` that were forwarded without passing through `process` (the
    /// XDP fast path): counted as `process` counts a client's packets (the connection's real
    /// server, its service, the totals; `--stats` and `--rate` include them) and the connection's
    /// timer restarted, as each of those packets would have. Nothing happens for an `id` that no
    /// longer names a live connection.
    public func countForwardedElsewhere(_ id: Int32, packets: UInt64, bytes: UInt64, now: Instant) {
        guard packets > 0, connections.contains(id) else { return }
        let e = connections[id]
        if let d = registry.server(e.destination), d.isAvailable {
            d.counters.inPackets &+= packets
            d.counters.inBytes &+= bytes
            if let s = registry.service(e.destination) {
                s.counters.inPackets &+= packets
                s.counters.inBytes &+= bytes
            }
            totalCounters.inPackets &+= packets
            totalCounters.inBytes &+= bytes
        }
        connections.setExpiry(id, now.milliseconds &+ e.timeout)
    }
}
