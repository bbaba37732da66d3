import LVSCore

/// `lvs sync-status`: the sync daemons and their counters as lines an operator reads when
/// connections are not synced (what runs, what was sent, what was refused and why).
public enum SyncStatusReport {
    public static func text(_ status: SyncDaemonStatus) -> String {
        var lines: [String] = []
        if status.running.isEmpty {
            lines.append("no sync daemon running")
        }
        for config in status.running {
            let group = config.mcastGroup.map { "\($0)" } ?? "224.0.0.81"
            let port = config.mcastPort != 0 ? config.mcastPort : 8848
            lines.append(
                "\(config.role.rawValue) sync daemon (mcast=\(config.interface), syncid=\(config.syncID), "
                    + "group=\(group), port=\(port))")
        }
        let sent = status.sent
        lines.append(
            "sent: \(sent.messages) messages, \(sent.entries) entries, \(sent.sendErrors) send errors, "
                + "\(sent.outboxDrops) entries dropped (outbox full)")
        let received = status.received
        lines.append(
            "received: \(received.messages) messages, \(received.entries) entries, "
                + "\(received.ownMessages) own messages ignored, \(received.unusableEntries) entries unusable")
        let refused = received.drops.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        lines.append("refused: " + (refused.isEmpty ? "none" : refused.joined(separator: ", ")))
        return lines.joined(separator: "\n") + "\n"
    }
}
