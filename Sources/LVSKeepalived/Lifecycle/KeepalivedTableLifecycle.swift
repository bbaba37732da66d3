import LVSCore

/// keepalived's LVS half as a value: the IPVS table it keeps for a configuration, how checker
/// results, reloads and the stop change it (ipwrapper.c), and what it asks the caller to do.
/// No I/O, no clock: every call returns actions (one table batch per call, logs, scripts).
///
///     var (lifecycle, actions) = KeepalivedTableLifecycle.start(configuration)
///     perform(actions)
///     perform(lifecycle.checkerResult(key, success: false, reason: "connection refused"))
public struct KeepalivedTableLifecycle: Hashable, Sendable {
    var virtualServers: [VirtualServerState]
    var table: ShadowTable
    var configuration: KeepalivedConfiguration
    var recorder = ActionRecorder()
    /// Set while a reload is applied (keepalived's global `reload`).
    var reloading = false
    /// After `stop()` nothing changes the table any more: checkers and reloads end with the process.
    public internal(set) var isStopped = false
    /// What the last reload made of each checker, for `schedulesAfterReload`.
    var reloadMigration: [CheckerKey: CheckerMigration] = [:]

    init(configuration: KeepalivedConfiguration, table: ShadowTable) {
        self.configuration = configuration
        self.virtualServers = VirtualServerState.states(of: configuration)
        self.table = table
    }

    /// Starts from a configuration: the table batch that sets it up (keepalived's start_check and
    /// init_services), in keepalived's order. `existingTable` is what the kernel holds already:
    /// keepalived leaves foreign entries alone unless `lvs_flush` is set, and its adds of entries
    /// that exist fail (and are ignored), so an existing service keeps its settings.
    public static func start(
        _ configuration: KeepalivedConfiguration,
        existingTable: TableSnapshot = TableSnapshot()
    ) -> (Self, [LifecycleAction]) {
        var lifecycle = Self(configuration: configuration, table: ShadowTable(existingTable))
        if configuration.globalDefinitions.hasSetting("lvs_flush") {
            lifecycle.send(.clear)
        }
        if let timeouts = configuration.globalDefinitions.lvsTimeouts {
            lifecycle.send(.setTimeouts(timeouts))
        }
        lifecycle.markAlphaCheckersDown()
        lifecycle.setQuorumStates()
        lifecycle.initServices()
        let actions = lifecycle.recorder.drain()
        return (lifecycle, actions)
    }

    /// The operations that set up a configuration on an empty table (the start's batch).
    public static func initialOperations(_ configuration: KeepalivedConfiguration) -> [AdminOperation] {
        start(configuration).1.flatMap { action -> [AdminOperation] in
            if case .apply(let operations) = action { operations } else { [] }
        }
    }

    /// Every checker, in configuration order, for the caller to schedule.
    public var checkerKeys: [CheckerKey] {
        virtualServers.flatMap { vs in
            vs.realServers.flatMap { rs in rs.checkers.indices.map { CheckerKey(realServer: rs.key, index: $0) } }
        }
    }

    /// The configuration of a checker, nil when the key names none.
    public func checker(_ key: CheckerKey) -> HealthChecker? {
        locate(key).map { virtualServers[$0.0].realServers[$0.1].checkers[$0.2].checker }
    }

    /// Indices of a checker's virtual server, real server and the checker itself.
    func locate(_ key: CheckerKey) -> (Int, Int, Int)? {
        guard let v = virtualServers.firstIndex(where: { $0.key == key.realServer.virtualServer }),
            let r = virtualServers[v].realServers.firstIndex(where: { $0.key == key.realServer }),
            virtualServers[v].realServers[r].checkers.indices.contains(key.index)
        else { return nil }
        return (v, r, key.index)
    }

    /// keepalived's read_config end (check_data.c): alpha checkers start failed, their servers dead.
    mutating func markAlphaCheckersDown() {
        for v in virtualServers.indices {
            for r in virtualServers[v].realServers.indices {
                for c in virtualServers[v].realServers[r].checkers.indices
                where virtualServers[v].realServers[r].checkers[c].checker.alpha {
                    setCheckerState(v, r, c, up: false)
                    virtualServers[v].realServers[r].alive = false
                }
            }
        }
    }

    /// set_quorum_states: quorum is up when the live weight reaches quorum + hysteresis.
    mutating func setQuorumStates() {
        for v in virtualServers.indices {
            let vs = virtualServers[v]
            virtualServers[v].quorumUp = vs.liveWeight >= Int64(vs.server.quorum &+ vs.server.hysteresis)
        }
    }
}

extension GlobalDefinitions {
    /// A global_defs keyword this model keeps unread (lvs_flush, rs_init_notifies, ...) is present.
    func hasSetting(_ keyword: String) -> Bool {
        otherSettings.contains { $0.keyword == keyword }
    }

    func setting(_ keyword: String) -> ConfigNode? {
        otherSettings.first { $0.keyword == keyword }
    }
}
