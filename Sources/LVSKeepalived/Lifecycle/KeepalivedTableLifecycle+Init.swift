/// init_services: the virtual servers into the kernel, their healthy real servers into the pool.
extension KeepalivedTableLifecycle {
    mutating func initServices() {
        for v in virtualServers.indices {
            initServiceVS(v)
        }
    }

    /// init_service_vs.
    mutating func initServiceVS(_ v: Int) {
        if !virtualServers[v].alive || virtualServers[v].isGroup {
            addServices(v)
            virtualServers[v].alive = true
        }
        initServiceRS(v)
        if virtualServers[v].reloaded && virtualServers[v].isGroup {
            syncGroupEntries(v)
        }
        // Quorum may have changed with the settings; an alpha pool may need the sorry server.
        updateQuorumState(v, initial: true)
        if let sorry = virtualServers[v].sorryServer, sorry.inhibit, !sorry.set {
            if virtualServers[v].sorryServerDuplicatesRealServer {
                // Its real server twin is in the table already.
                modify(v, .sorry) { $0.set = true }
            } else {
                // sorry_server_inhibit: the sorry server waits in the table at weight 0.
                modify(v, .sorry) { $0.failedCheckers = 1 }
                command(.add, v, .sorry)
                modify(v, .sorry) { $0.failedCheckers = 0 }
            }
        }
    }

    /// init_service_rs: servers without failed checkers join the pool; inhibited ones join at
    /// weight 0; servers kept over a reload only take their new weight.
    mutating func initServiceRS(_ v: Int) {
        let initNotifies = configuration.globalDefinitions.hasSetting("rs_init_notifies")
        for r in virtualServers[v].realServers.indices {
            let rs = virtualServers[v].realServers[r]
            if rs.reloaded {
                if rs.effectiveWeight != rs.previousEffectiveWeight {
                    virtualServers[v].realServers[r].effectiveWeight = rs.previousEffectiveWeight
                    updateServerWeight(v, r, to: rs.effectiveWeight, updateQuorum: false)
                }
                continue
            }
            if rs.failedCheckers == 0 && !rs.alive || rs.inhibit && !rs.set {
                command(.add, v, .real(r))
                if rs.failedCheckers == 0 {
                    virtualServers[v].realServers[r].alive = true
                    if initNotifies {
                        realServerNotifies(v, .real(r))
                    }
                }
            }
        }
    }

    /// sync_service_vsg on reload: entries a group gained get the servers already in the pool
    /// (ipvs_group_sync_entry).
    mutating func syncGroupEntries(_ v: Int) {
        let vs = virtualServers[v]
        guard case .group(let name, _) = vs.key else { return }
        for entry in vs.groupEntries where !vs.reloadedEntries.contains(entry) {
            let entryName = VirtualServiceTarget.entryName(entry, server: vs.server, fwmarkPrefix: "FWM ")
            recorder.log("VS [\(entryName)] added into group \(name)")
            for rs in vs.realServers where rs.reloaded && (rs.alive || rs.inhibit && rs.set) {
                let weight = rs.inhibit && !rs.alive ? 0 : rs.kernelWeight
                for target in VirtualServiceTarget.targets(of: entry, server: vs.server) {
                    send(.addDestination(target.key, rs.destination(for: target, weight: weight)))
                }
            }
        }
    }
}
