/// Quorum, sorry server, a real server entering or leaving the pool, weight changes and the
/// notifies that go with them (ipwrapper.c).
extension KeepalivedTableLifecycle {
    /// update_quorum_state. The threshold is computed as keepalived does, in unsigned 32 bits.
    mutating func updateQuorumState(_ v: Int, initial: Bool) {
        let vs = virtualServers[v]
        let quorum = vs.server.quorum
        let hysteresis = vs.server.hysteresis
        let weightSum = vs.liveWeight
        let threshold = Int64(vs.quorumUp ? quorum &- hysteresis : quorum &+ hysteresis)
        if !vs.quorumUp && weightSum >= threshold {
            virtualServers[v].quorumUp = true
            recorder.log("Gained quorum \(quorum)+\(hysteresis)=\(threshold) <= \(weightSum) for VS \(vs.name)")
            if let sorry = vs.sorryServer, sorry.alive {
                recorder.log(
                    "\(sorry.inhibit ? "Disabling" : "Removing") sorry server \(vs.name(of: sorry))"
                        + " from VS \(vs.name)")
                command(.delete, v, .sorry)
                modify(v, .sorry) { $0.alive = false }
                performQuorumState(v, add: true)
            }
            virtualServerNotifies(v, stopping: false)
        } else if vs.quorumUp && (weightSum == 0 || weightSum < threshold)
            || initial && !vs.quorumUp && vs.sorryServer.map({ !$0.alive }) == true
        {
            virtualServers[v].quorumUp = false
            recorder.log(
                "\(initial ? "Starting with quorum down" : "Lost quorum") \(quorum)-\(hysteresis)"
                    + "=\(threshold) > \(weightSum) for VS \(vs.name)")
            if let sorry = vs.sorryServer, !sorry.alive {
                recorder.log(
                    "\(sorry.inhibit ? "Enabling" : "Adding") sorry server \(vs.name(of: sorry))"
                        + " to VS \(vs.name)")
                performQuorumState(v, add: false)
                command(.add, v, .sorry)
                modify(v, .sorry) { $0.alive = true }
            }
            virtualServerNotifies(v, stopping: false)
        }
    }

    /// perform_quorum_state: the live real servers leave the pool for the sorry server, or come back.
    mutating func performQuorumState(_ v: Int, add: Bool) {
        recorder.log(
            "\(add ? "Adding alive servers to" : "Removing alive servers from") the pool for VS"
                + " \(virtualServers[v].name)")
        for r in virtualServers[v].realServers.indices where virtualServers[v].realServers[r].alive {
            if add {
                virtualServers[v].realServers[r].alive = false
            }
            command(add ? .add : .delete, v, .real(r))
            virtualServers[v].realServers[r].alive = true
        }
    }

    /// perform_svr_state: a real server goes up or down; the table follows unless the sorry
    /// server holds the pool.
    mutating func performServerState(_ v: Int, _ r: Int, alive: Bool) {
        let vs = virtualServers[v]
        let rs = vs.realServers[r]
        guard rs.alive != alive else { return }
        let verb = alive ? (rs.inhibit ? "Enabl" : "Add") : (rs.inhibit ? "Disabl" : "Remov")
        let preposition = rs.inhibit ? "of" : alive ? "to" : "from"
        recorder.log("\(verb)ing service \(vs.name(of: rs)) \(preposition) VS \(vs.name)")
        if vs.quorumUp || vs.sorryServer.map({ !$0.alive }) ?? true {
            command(alive ? .add : .delete, v, .real(r))
        }
        virtualServers[v].realServers[r].alive = alive
        realServerNotifies(v, .real(r))
        updateQuorumState(v, initial: false)
    }

    /// update_svr_wgt: a new effective weight; the table changes only for a live server in the pool.
    mutating func updateServerWeight(_ v: Int, _ r: Int, to weight: Int64, updateQuorum: Bool) {
        let vs = virtualServers[v]
        let rs = vs.realServers[r]
        let newWeight = RealServerState.kernelWeight(weight)
        let oldWeight = rs.kernelWeight
        virtualServers[v].realServers[r].effectiveWeight = weight
        guard newWeight != oldWeight else { return }
        recorder.log(
            "Changing weight from \(oldWeight) to \(newWeight) for \(rs.alive ? "" : "in")active service"
                + " \(vs.name(of: rs)) of VS \(vs.name)")
        if rs.set && rs.alive && (vs.quorumUp || vs.sorryServer.map({ !$0.alive }) ?? true) {
            command(.edit, v, .real(r))
        }
        if updateQuorum {
            updateQuorumState(v, initial: false)
        }
    }

    /// do_rs_notifies: notify_up or notify_down, and the FIFO line.
    mutating func realServerNotifies(_ v: Int, _ slot: ServerSlot) {
        guard let rs = server(v, slot) else { return }
        let vs = virtualServers[v]
        if let script = rs.alive ? rs.notifyUp : rs.notifyDown {
            recorder.run(script)
        }
        if hasNotifyFifo {
            recorder.writeFifo("RS \(vs.name(of: rs)) \(vs.name) \(rs.alive ? "UP" : "DOWN")\n")
        }
    }

    /// do_vs_notifies: quorum_up or quorum_down, and the FIFO line; at the stop only with omega.
    mutating func virtualServerNotifies(_ v: Int, stopping: Bool) {
        let vs = virtualServers[v]
        if stopping && !vs.server.omega {
            return
        }
        if let script = vs.quorumUp ? vs.server.quorumUp : vs.server.quorumDown {
            recorder.run(script)
        }
        if hasNotifyFifo {
            recorder.writeFifo("VS \(vs.name) \(vs.quorumUp ? "UP" : "DOWN")\n")
        }
    }

    var hasNotifyFifo: Bool {
        configuration.globalDefinitions.hasSetting("lvs_notify_fifo")
            || configuration.globalDefinitions.hasSetting("notify_fifo")
    }
}
