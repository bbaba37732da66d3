/// The status view of the lifecycle (`lvs keepalived --status`).
extension KeepalivedTableLifecycle {
    public var status: KeepalivedStatus {
        KeepalivedStatus(
            virtualServers: virtualServers.map { vs in
                VirtualServerStatus(
                    key: vs.key, name: vs.name, quorumUp: vs.quorumUp, liveWeight: vs.liveWeight,
                    quorum: vs.server.quorum, hysteresis: vs.server.hysteresis,
                    sorryServerInUse: vs.sorryServer?.alive ?? false,
                    realServers: vs.realServers.map { rs in
                        RealServerStatus(
                            key: rs.key, name: vs.name(of: rs), alive: rs.alive, inTable: rs.set,
                            weight: rs.kernelWeight,
                            checkers: rs.checkers.indices.map { c in
                                CheckerStatus(
                                    key: CheckerKey(realServer: rs.key, index: c),
                                    keyword: rs.checkers[c].checker.kind.keyword, isUp: rs.checkers[c].isUp,
                                    hasRun: rs.checkers[c].hasRun,
                                    lastFailureReason: rs.checkers[c].lastFailureReason)
                            })
                    })
            })
    }
}
