/// clear_services and friends: what keepalived does to the table when it stops, and when a
/// reload drops a virtual or real server.
extension KeepalivedTableLifecycle {
    /// keepalived stopping: its servers and services leave the table (or, with
    /// `lvs_flush_on_stop`, the whole table is flushed); omega runs the down notifies.
    public mutating func stop() -> [LifecycleAction] {
        guard !isStopped else { return [] }
        isStopped = true
        let flush = configuration.globalDefinitions.setting("lvs_flush_on_stop")
        if let flush, flush.arguments.isEmpty {
            send(.clear)
            for v in virtualServers.indices {
                updateVirtualServerNotifies(v, stopping: true)
            }
        } else {
            // `lvs_flush_on_stop VS`; any other word is refused by keepalived (no flush).
            let flushServices = flush?.argument(0) == "VS"
            for v in virtualServers.indices {
                clearServiceVS(v, stopping: true, keepRealServers: flushServices)
            }
        }
        return recorder.drain()
    }

    /// clear_service_vs. `keepRealServers` (lvs_flush_on_stop VS): the service goes, and its
    /// real servers with it, without removing them one by one.
    mutating func clearServiceVS(_ v: Int, stopping: Bool, keepRealServers: Bool = false) {
        if !keepRealServers {
            if let sorry = virtualServers[v].sorryServer, sorry.set {
                if virtualServers[v].sorryServerDuplicatesRealServer {
                    // Its real server twin leaves below.
                    modify(v, .sorry) { $0.set = false }
                } else {
                    // The sorry server leaves even when inhibited.
                    modify(v, .sorry) { $0.inhibit = false }
                    command(.delete, v, .sorry)
                    modify(v, .sorry) { $0.inhibit = sorry.inhibit }
                }
                modify(v, .sorry) { $0.alive = false }
            }
            for r in virtualServers[v].realServers.indices {
                clearServiceRS(v, r, stopping: stopping)
            }
            updateVirtualServerNotifies(v, stopping: stopping)
        } else {
            updateVirtualServerNotifies(v, stopping: stopping)
            modify(v, .sorry) { $0.alive = false }
        }
        deleteServices(v)
        virtualServers[v].alive = false
    }

    /// clear_service_rs: a real server leaves the table, inhibited or not.
    mutating func clearServiceRS(_ v: Int, _ r: Int, stopping: Bool) {
        let vs = virtualServers[v]
        let rs = vs.realServers[r]
        if rs.set || stopping {
            recorder.log(
                "\(stopping ? "Shutting down" : "Removing") \(rs.inhibit && !rs.alive ? "(inhibited) " : "")"
                    + "service \(vs.name(of: rs)) from VS \(vs.name)")
        }
        guard rs.set else { return }
        virtualServers[v].realServers[r].inhibit = false
        command(.delete, v, .real(r))
        virtualServers[v].realServers[r].inhibit = rs.inhibit
        guard rs.alive else { return }
        virtualServers[v].realServers[r].alive = false
        // Without omega, keepalived stops without running the down notifies.
        if stopping && !vs.server.omega {
            return
        }
        realServerNotifies(v, .real(r))
    }

    /// update_vs_notifies: the quorum goes down with the last servers (no sorry server is put in).
    mutating func updateVirtualServerNotifies(_ v: Int, stopping: Bool) {
        let vs = virtualServers[v]
        let threshold = Int64(vs.server.quorum &- vs.server.hysteresis)
        let weightSum = vs.liveWeight
        if stopping || vs.quorumUp && (weightSum == 0 || weightSum < threshold) {
            virtualServers[v].quorumUp = false
            virtualServerNotifies(v, stopping: stopping)
        }
    }
}
