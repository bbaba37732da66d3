import LVSVocabulary

extension IPVSEngine {
    /// Packets of connection `id` that were forwarded without passing through `process` (the
    /// XDP fast path): counted as `process` counts them (the connection's real server, its
    /// service, the totals; in-packets for the client's direction, out-packets for a NAT
    /// reply's), so `--stats` and `--rate` include them, and the connection's timer restarted, as
    /// each of those packets would have. Nothing happens for an `id` that no longer names a live
    /// connection.
    public func countForwardedElsewhere(_ id: Int32, packets: UInt64, bytes: UInt64, reply: Bool = false, now: Instant)
    {
        guard packets > 0, connections.contains(id) else { return }
        let e = connections[id]
        if let d = registry.server(e.destination), d.isAvailable {
            let service = registry.service(e.destination)
            if reply {
                d.counters.outPackets &+= packets
                d.counters.outBytes &+= bytes
                service?.counters.outPackets &+= packets
                service?.counters.outBytes &+= bytes
                totalCounters.outPackets &+= packets
                totalCounters.outBytes &+= bytes
            } else {
                d.counters.inPackets &+= packets
                d.counters.inBytes &+= bytes
                service?.counters.inPackets &+= packets
                service?.counters.inBytes &+= bytes
                totalCounters.inPackets &+= packets
                totalCounters.inBytes &+= bytes
            }
        }
        connections.setExpiry(id, now.milliseconds &+ e.timeout)
    }

    /// False once connection `id`'s real server was deleted (with its service, `-d`, `-C`):
    /// `process` then drops its packets (or expires it, with expire_nodest_conn), so nothing
    /// else may forward them either. True for a live connection whose server is still there.
    public func destinationAvailable(_ id: Int32) -> Bool {
        guard connections.contains(id) else { return false }
        return registry.server(connections[id].destination)?.isAvailable ?? false
    }
}
