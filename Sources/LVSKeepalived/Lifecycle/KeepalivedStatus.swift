/// What `lvs keepalived --status` shows: each virtual server's quorum and each real server's
/// state, its failed checkers and why they last failed.
public struct KeepalivedStatus: Hashable, Sendable {
    public var virtualServers: [VirtualServerStatus]

    /// One line per virtual server, indented lines for its real servers and failed checkers.
    public var text: String {
        var lines: [String] = []
        for vs in virtualServers {
            let sorry = vs.sorryServerInUse ? ", sorry server in use" : ""
            lines.append("VS \(vs.name): quorum \(vs.quorumUp ? "up" : "down")"
                + " (live weight \(vs.liveWeight), quorum \(vs.quorum), hysteresis \(vs.hysteresis))\(sorry)")
            for rs in vs.realServers {
                let state = rs.alive ? "up" : rs.inTable ? "down (inhibited, weight 0)" : "down"
                lines.append("  RS \(rs.name): \(state), weight \(rs.weight)")
                for checker in rs.checkers where !checker.isUp {
                    let reason = checker.lastFailureReason.map { ": \($0)" } ?? ""
                    lines.append("    \(checker.keyword) #\(checker.key.index + 1) failed\(reason)")
                }
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }
}

public struct VirtualServerStatus: Hashable, Sendable {
    public var key: VirtualServerKey
    /// As keepalived names it in its log.
    public var name: String
    public var quorumUp: Bool
    public var liveWeight: Int64
    public var quorum: UInt32
    public var hysteresis: UInt32
    public var sorryServerInUse: Bool
    public var realServers: [RealServerStatus]
}

public struct RealServerStatus: Hashable, Sendable {
    public var key: RealServerKey
    public var name: String
    /// All its checkers pass (and it has joined the pool unless the sorry server holds it).
    public var alive: Bool
    /// In the kernel table, at weight 0 when inhibited and down.
    public var inTable: Bool
    /// The effective weight (configured, or misc_dynamic's).
    public var weight: Int32
    public var checkers: [CheckerStatus]
    public var failedCheckers: [CheckerStatus] { checkers.filter { !$0.isUp } }
    /// The most recent reason among its failed checkers.
    public var lastFailureReason: String? { failedCheckers.compactMap(\.lastFailureReason).last }
}

public struct CheckerStatus: Hashable, Sendable {
    public var key: CheckerKey
    /// TCP_CHECK, HTTP_GET, MISC_CHECK, ...
    public var keyword: String
    public var isUp: Bool
    public var hasRun: Bool
    public var lastFailureReason: String?
}

extension KeepalivedTableLifecycle {
    public var status: KeepalivedStatus {
        KeepalivedStatus(virtualServers: virtualServers.map { vs in
            VirtualServerStatus(
                key: vs.key, name: vs.name, quorumUp: vs.quorumUp, liveWeight: vs.liveWeight,
                quorum: vs.server.quorum, hysteresis: vs.server.hysteresis,
                sorryServerInUse: vs.sorryServer?.alive ?? false,
                realServers: vs.realServers.map { rs in
                    RealServerStatus(
                        key: rs.key, name: vs.name(of: rs), alive: rs.alive, inTable: rs.set, weight: rs.kernelWeight,
                        checkers: rs.checkers.indices.map { c in
                            CheckerStatus(key: CheckerKey(realServer: rs.key, index: c),
                                          keyword: rs.checkers[c].checker.kind.keyword, isUp: rs.checkers[c].isUp,
                                          hasRun: rs.checkers[c].hasRun,
                                          lastFailureReason: rs.checkers[c].lastFailureReason)
                        })
                })
        })
    }
}
