/// A reload (SIGHUP): only the differences reach the table; virtual and real servers that stay
/// keep their table entries (connections, counters) and their checkers' state
/// (clear_diff_services, clear_diff_rs, migrate_checkers, clear_diff_s_srv, check_new_rs_state).
extension KeepalivedTableLifecycle {
    public mutating func reload(_ newConfiguration: KeepalivedConfiguration) -> [LifecycleAction] {
        guard !isStopped else { return [] }
        // Both generations live side by side while the differences are worked out, as keepalived
        // keeps old_check_data next to check_data: the old ones first, the new ones after.
        var fresh = VirtualServerState.states(of: newConfiguration)
        for n in fresh.indices {
            fresh[n].quorumUp = fresh[n].liveWeight >= Int64(fresh[n].server.quorum &+ fresh[n].server.hysteresis)
        }
        let oldCount = virtualServers.count
        virtualServers += fresh
        reloading = true
        reloadMigration = [:]
        for v in 0..<oldCount {
            let key = virtualServers[v].key
            guard let n = virtualServers[oldCount...].firstIndex(where: { $0.key == key }) else {
                if case .group(let name, _) = key {
                    recorder.log("Removing Virtual Server Group [\(name)]")
                } else {
                    recorder.log("Removing Virtual Server \(virtualServers[v].name)")
                }
                clearServiceVS(v, stopping: false)
                continue
            }
            carryOver(from: v, to: n)
        }
        virtualServers.removeFirst(oldCount)
        configuration = newConfiguration
        markNewAlphaCheckersDown()
        setEffectiveWeights()
        initServices()
        reloading = false
        return recorder.drain()
    }

    /// What clear_diff_services does for a virtual server present in both configurations.
    mutating func carryOver(from v: Int, to n: Int) {
        let old = virtualServers[v]
        virtualServers[n].alive = old.alive
        virtualServers[n].quorumUp = old.quorumUp
        virtualServers[n].reloaded = true
        if old.isGroup {
            carryOverGroupEntries(from: v, to: n)
        }
        if Self.serviceSettingsDiffer(old.server, virtualServers[n].server) {
            editServices(n)
        }
        // The virtual server stays, so its removed real servers' notifiers run (keepalived sets omega).
        virtualServers[v].server.omega = true
        if !old.realServers.isEmpty {
            for r in old.realServers.indices {
                carryOver(realServer: r, of: v, to: n)
            }
            updateVirtualServerNotifies(v, stopping: false)
        }
        carryOverSorryServer(from: v, to: n)
    }

    /// clear_diff_vsg: entries gone from the group leave the table (their live servers, then
    /// their services); entries that stay are not touched again.
    mutating func carryOverGroupEntries(from v: Int, to n: Int) {
        let old = virtualServers[v]
        let new = virtualServers[n]
        guard case .group(let name, _) = old.key else { return }
        for entry in old.groupEntries {
            if let kept = new.groupEntries.first(where: { VirtualServiceTarget.sameEntry(entry, $0) }) {
                virtualServers[n].reloadedEntries.append(kept)
                let keys = VirtualServiceTarget.targets(of: kept, server: new.server).map(\.key)
                virtualServers[n].reloadedTargets.formUnion(keys)
                continue
            }
            let entryName = VirtualServiceTarget.entryName(entry, server: old.server, fwmarkPrefix: "")
            recorder.log("VS [\(entryName)] in group \(name) no longer exists")
            // ipvs_group_remove_entry: the live servers over the whole entry, then the services.
            let targets = VirtualServiceTarget.targets(of: entry, server: old.server)
            for rs in old.realServers where rs.alive {
                for target in targets {
                    send(.deleteDestination(target.key, rs.destination(for: target, weight: 0).key))
                }
            }
            for target in targets {
                send(.deleteService(target.key))
            }
        }
    }

    static func serviceSettingsDiffer(_ a: VirtualServer, _ b: VirtualServer) -> Bool {
        a.scheduler != b.scheduler || a.flags != b.flags || a.persistenceEngine != b.persistenceEngine
            || a.persistenceGranularity != b.persistenceGranularity || a.persistenceTimeout != b.persistenceTimeout
    }

    /// clear_diff_rs for one real server of the old configuration.
    mutating func carryOver(realServer r: Int, of v: Int, to n: Int) {
        let old = virtualServers[v].realServers[r]
        guard
            let nr = virtualServers[n].realServers.firstIndex(where: {
                $0.address == old.address && $0.port == old.port
            })
        else {
            recorder.log("service \(virtualServers[v].name(of: old)) no longer exist")
            clearServiceRS(v, r, stopping: false)
            return
        }
        virtualServers[n].realServers[nr].alive = old.alive
        virtualServers[n].realServers[nr].set = old.set
        virtualServers[n].realServers[nr].effectiveWeight = old.effectiveWeight
        virtualServers[n].realServers[nr].previousEffectiveWeight = old.effectiveWeight
        virtualServers[n].realServers[nr].reloaded = true
        migrateCheckers(from: old, to: n, nr)
        let new = virtualServers[n].realServers[nr]
        if new.alive && new.effectiveWeight != old.effectiveWeight || new.forwarding != old.forwarding {
            command(.edit, n, .real(nr))
        }
    }

    /// migrate_checkers: the same checks keep their state; a server whose checkers all pass is up.
    mutating func migrateCheckers(from old: RealServerState, to n: Int, _ nr: Int) {
        for c in virtualServers[n].realServers[nr].checkers.indices {
            let new = virtualServers[n].realServers[nr].checkers[c]
            guard let p = old.checkers.firstIndex(where: { $0.isSameCheck(as: new.checker) }) else { continue }
            let previous = old.checkers[p]
            let key = CheckerKey(realServer: virtualServers[n].realServers[nr].key, index: c)
            reloadMigration[key] = CheckerMigration(previous: CheckerKey(realServer: old.key, index: p))
            if previous.hasRun && previous.isUp != new.isUp {
                setCheckerState(n, nr, c, up: previous.isUp)
            }
            virtualServers[n].realServers[nr].checkers[c].hasRun = previous.hasRun
            virtualServers[n].realServers[nr].checkers[c].lastFailureReason = previous.lastFailureReason
            if case .misc = new.checker.kind {
                virtualServers[n].realServers[nr].checkers[c].lastExitCode = previous.lastExitCode
                if new.isDynamicMisc && previous.lastExitCode != 1 {
                    // keepalived's migrate_misc_check, as written: an exit code of 0 gives an offset
                    // of minus the configured weight.
                    let code = Int64(previous.lastExitCode)
                    let weight = virtualServers[n].realServers[nr].configuredWeight
                    virtualServers[n].realServers[nr].checkers[c].weightOffset = code - (code != 0 ? 2 : 0) - weight
                }
            }
        }
        let checkers = virtualServers[n].realServers[nr].checkers
        virtualServers[n].realServers[nr].failedCheckers = checkers.filter { $0.hasRun && !$0.isUp }.count
        let anyHasRun = checkers.contains(where: \.hasRun)
        let rs = virtualServers[n].realServers[nr]
        if rs.failedCheckers > 0 || !rs.alive && !anyHasRun {
            for c in checkers.indices where !checkers[c].hasRun {
                if checkers[c].checker.alpha {
                    setCheckerState(n, nr, c, up: false)
                }
                let key = CheckerKey(realServer: rs.key, index: c)
                reloadMigration[key, default: CheckerMigration()].oneFailureIsEnough = true
            }
        }
        let now = virtualServers[n].realServers[nr]
        if now.failedCheckers == 0 && !now.alive {
            performServerState(n, nr, alive: true)
        } else if now.failedCheckers > 0 && now.set != now.inhibit {
            command(now.inhibit ? .add : .delete, n, .real(nr))
        }
    }

    /// clear_diff_s_srv: the same sorry server stays as it is; another one is taken out.
    mutating func carryOverSorryServer(from v: Int, to n: Int) {
        guard let old = virtualServers[v].sorryServer else { return }
        if let new = virtualServers[n].sorryServer, new.address == old.address, new.port == old.port {
            modify(n, .sorry) {
                $0.alive = old.alive
                $0.set = old.set
                $0.effectiveWeight = $0.configuredWeight
                $0.reloaded = true
            }
            return
        }
        if old.inhibit {
            modify(v, .sorry) {
                if !$0.alive && $0.set {
                    $0.alive = true
                }
                $0.inhibit = false
            }
        }
        if virtualServers[v].sorryServer?.alive == true {
            let vs = virtualServers[v]
            recorder.log("Removing sorry server \(vs.name(of: old)) from VS \(vs.name)")
            command(.delete, v, .sorry)
        }
    }

    /// check_new_rs_state: a real server new in this configuration starts down under alpha.
    mutating func markNewAlphaCheckersDown() {
        for n in virtualServers.indices {
            for nr in virtualServers[n].realServers.indices where !virtualServers[n].realServers[nr].reloaded {
                for c in virtualServers[n].realServers[nr].checkers.indices
                where virtualServers[n].realServers[nr].checkers[c].checker.alpha {
                    setCheckerState(n, nr, c, up: false)
                    virtualServers[n].realServers[nr].alive = false
                }
            }
        }
    }

    /// set_effective_weights: the configured weight plus the checkers' misc_dynamic offsets.
    mutating func setEffectiveWeights() {
        for n in virtualServers.indices {
            for nr in virtualServers[n].realServers.indices {
                let rs = virtualServers[n].realServers[nr]
                virtualServers[n].realServers[nr].effectiveWeight =
                    rs.configuredWeight + rs.checkers.reduce(0) { $0 + $1.weightOffset }
            }
        }
    }
}
