/// `lvs keepalived`'s read-only HTML status page: each VRRP instance's state and counters, and
/// each virtual server's quorum with its real servers' checker verdicts. Plain HTML refreshed
/// by a meta tag, every text escaped, `data-` attributes for tests and scripts.
public enum KeepalivedStatusPage {
    public static func render(_ observation: KeepalivedObservation, refreshSeconds: Int = 2) -> String {
        typealias Page = StatusPage
        var html = Page.head(
            title: "SwiftLVS keepalived", refreshSeconds: refreshSeconds,
            style: """
                th,td{border:1px solid #999;padding:2px 6px;text-align:left}th{background:#eee}
                td.down{color:#b00}
                """)
        html += """
            <h2>VRRP instances</h2>
            <table id="vrrp"><tr><th>Instance</th><th>State</th><th>Priority</th><th>VRID</th><th>Interface</th>
            <th>Master heard</th><th>Adverts sent</th><th>Received</th><th>Became master</th><th>Dropped</th>
            <th>Addresses</th></tr>

            """
        if observation.instances.isEmpty { html += "<tr><td colspan=\"11\">none</td></tr>\n" }
        for instance in observation.instances {
            let s = instance.status
            let addresses = instance.addresses.map { "\($0.address) dev \($0.interface)" }.joined(separator: ", ")
            html += "<tr data-instance=\"\(Page.escape(s.name))\"><td>\(Page.escape(s.name))</td>"
            html += "<td class=\"state\">\(s.state.rawValue)</td><td>\(s.priority)</td><td>\(s.virtualRouterID)</td>"
            html += "<td>\(Page.escape(s.interface))</td><td>\(Page.escape(s.masterAddress?.description ?? ""))</td>"
            html += "<td>\(s.advertisementsSent)</td><td>\(s.advertisementsReceived)</td><td>\(s.becameMaster)</td>"
            html += "<td>\(s.droppedTotal)</td><td>\(Page.escape(addresses))</td></tr>\n"
        }
        html += "</table>\n<h2>Virtual servers</h2>\n"
        guard let checkers = observation.checkers else {
            return html + "<p>Checkers not running.</p>\n</body></html>\n"
        }
        html += "<table id=\"checkers\"><tr><th>Virtual / real server</th><th>State</th><th>Weight</th>"
        html += "<th>Failed checkers</th></tr>\n"
        for vs in checkers.virtualServers {
            let quorum = vs.quorumUp ? "quorum up" : "quorum down"
            let sorry = vs.sorryServerInUse ? ", sorry server in use" : ""
            html += "<tr data-virtual-server=\"\(Page.escape(vs.name))\"><td>\(Page.escape(vs.name))</td>"
            html += "<td class=\"\(vs.quorumUp ? "up" : "down")\">\(quorum)\(sorry)</td><td>\(vs.liveWeight)</td>"
            html += "<td></td></tr>\n"
            for rs in vs.realServers {
                let failed = rs.failedCheckers.map { checker in
                    "\(checker.keyword) #\(checker.key.index + 1)" + (checker.lastFailureReason.map { ": \($0)" } ?? "")
                }
                html += "<tr data-real-server=\"\(Page.escape(rs.name))\"><td>&rarr; \(Page.escape(rs.name))</td>"
                html += "<td class=\"\(rs.alive ? "up" : "down")\">\(rs.alive ? "up" : "down")</td>"
                html += "<td>\(rs.weight)</td><td>\(Page.escape(failed.joined(separator: "; ")))</td></tr>\n"
            }
        }
        return html + "</table>\n<p><a href=\"/metrics\">Prometheus metrics</a></p>\n</body></html>\n"
    }
}
