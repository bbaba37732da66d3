/// What `lvs keepalived --status` shows: each virtual server's quorum and each real server's
/// state, its failed checkers and why they last failed.
public struct KeepalivedStatus: Hashable, Sendable {
    public var virtualServers: [VirtualServerStatus]

    public init(virtualServers: [VirtualServerStatus]) {
        self.virtualServers = virtualServers
    }

    /// One line per virtual server, indented lines for its real servers and failed checkers.
    public var text: String {
        var lines: [String] = []
        for vs in virtualServers {
            let sorry = vs.sorryServerInUse ? ", sorry server in use" : ""
            lines.append(
                "VS \(vs.name): quorum \(vs.quorumUp ? "up" : "down")"
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
