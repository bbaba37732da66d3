import LVSCore
import LVSVocabulary

/// The read-only HTML status page: services, real servers (weight, forwarding, connections,
/// rates), drops by reason. Plain HTML refreshed by a meta tag; every text is escaped.
/// Cells that tests and scripts read carry `data-` attributes naming the real server.
public enum StatusPage {
    public static let contentType = "text/html; charset=utf-8"

    public static func render(_ observation: DirectorObservation, refreshSeconds: Int = 2) -> String {
        var html = head(
            title: "SwiftLVS director", refreshSeconds: refreshSeconds,
            style: """
                th,td{border:1px solid #999;padding:2px 6px;text-align:right}th{background:#eee}
                td.name,th.name{text-align:left}tr.service td{background:#f6f6f6;font-weight:bold}
                """)
        let totals = observation.totals
        html += "<p id=\"totals\">Connections \(totals.connections), packets in \(totals.inPackets) / out "
        html += "\(totals.outPackets), bytes in \(totals.inBytes) / out \(totals.outBytes)"
        if !observation.workers.isEmpty {
            let entries = observation.workers.reduce(0) { $0 + $1.connections }
            html += "; \(observation.workers.count) workers, \(entries) connection entries"
        }
        if let guardOn = observation.kernelGuard {
            html += "; kernel guard \(guardOn ? "on" : "off")"
        }
        html += "</p>\n<h2>Services</h2>\n<table id=\"services\">\n<tr><th class=\"name\">Service / real server</th>"
        for title in [
            "Forward", "Weight", "ActiveConn", "InActConn", "Conns", "CPS", "InPPS", "OutPPS", "InBPS", "OutBPS",
        ] {
            html += "<th>\(title)</th>"
        }
        html += "</tr>\n"
        for service in observation.table.services {
            let config = service.config
            let name = serviceName(config.key) + " " + config.scheduler + (config.isPersistent ? " persistent" : "")
            html += "<tr class=\"service\" data-service=\"\(escape(serviceName(config.key)))\">"
            html += "<td class=\"name\">\(escape(name))</td><td></td><td></td><td></td><td></td>"
            html += "<td>\(service.counters.connections)</td>" + rateCells(service.rates) + "</tr>\n"
            for destination in service.destinations {
                let server = escape(hostPort(destination.config.key.address, destination.config.key.port))
                html += "<tr class=\"server\" data-server=\"\(server)\"><td class=\"name\">&rarr; \(server)</td>"
                html += "<td>\(escape(destination.config.forward.ipvsadmName))</td>"
                html += "<td class=\"weight\">\(destination.config.weight)</td>"
                html += "<td class=\"active\">\(destination.activeConnections)</td>"
                html += "<td class=\"inactive\">\(destination.inactiveConnections)</td>"
                html += "<td class=\"conns\" data-server=\"\(server)\">\(destination.counters.connections)</td>"
                html += rateCells(destination.rates) + "</tr>\n"
            }
        }
        html += "</table>\n"
        if !observation.workers.isEmpty {
            html +=
                "<h2>Drops by reason</h2>\n<table id=\"drops\"><tr><th class=\"name\">Reason</th><th>Frames</th></tr>\n"
            let drops = observation.drops.sorted { $0.key < $1.key }
            if drops.isEmpty { html += "<tr><td class=\"name\">none</td><td>0</td></tr>\n" }
            for (reason, count) in drops {
                html += "<tr><td class=\"name\">\(escape(reason))</td><td>\(count)</td></tr>\n"
            }
            html += "</table>\n<h2>Workers</h2>\n<table id=\"workers\"><tr><th>Worker</th><th>Rx frames</th>"
            html += "<th>Tx frames</th><th>Connections</th></tr>\n"
            for (index, worker) in observation.workers.enumerated() {
                html += "<tr><td>\(index)</td><td>\(worker.receivedFrames)</td><td>\(worker.transmittedFrames)</td>"
                html += "<td>\(worker.connections)</td></tr>\n"
            }
            html += "</table>\n"
        }
        if let answered = observation.answeredAddresses {
            html += addressesSection(observation, answered: answered)
        }
        html += "<p><a href=\"/metrics\">Prometheus metrics</a></p>\n</body></html>\n"
        return html
    }

    /// Which service addresses the director answers (VRRP ownership) and its resolved neighbours.
    static func addressesSection(_ observation: DirectorObservation, answered: Set<InetAddress>) -> String {
        var html = "<h2>Virtual addresses</h2>\n<table id=\"addresses\"><tr><th class=\"name\">Address</th>"
        html += "<th class=\"name\">State</th></tr>\n"
        for address in observation.serviceAddresses {
            let state = answered.contains(address) ? "answered" : "released (VRRP backup)"
            html += "<tr data-address=\"\(escape(address.description))\"><td class=\"name\">"
            html += "\(escape(address.description))</td><td class=\"name\">\(state)</td></tr>\n"
        }
        html += "</table>\n<h2>Neighbours</h2>\n<table id=\"neighbours\"><tr><th class=\"name\">Address</th>"
        html += "<th class=\"name\">MAC</th><th class=\"name\">Interface</th></tr>\n"
        for neighbour in observation.neighbours {
            html += "<tr><td class=\"name\">\(escape(neighbour.address.description))</td>"
            html +=
                "<td class=\"name\">\(escape(neighbour.mac))</td><td class=\"name\">\(escape(neighbour.interface))</td></tr>\n"
        }
        for neighbour in observation.unresolvedNeighbours {
            let seconds = Double(neighbour.missingForMilliseconds / 100) / 10
            html += "<tr class=\"unresolved\"><td class=\"name\">\(escape(neighbour.address.description))</td>"
            html += "<td class=\"name\">resolving for \(seconds) s</td>"
            html += "<td class=\"name\">\(escape(neighbour.interface))</td></tr>\n"
        }
        return html + "</table>\n"
    }

    /// The start of a status page up to its heading: refreshed every `refreshSeconds` by a meta
    /// tag, the common look, then `style` (the page's own rules).
    static func head(title: String, refreshSeconds: Int, style: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta http-equiv="refresh" content="\(refreshSeconds)">
        <title>\(escape(title))</title>
        <style>
        body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;margin-bottom:1em}
        \(style)
        </style></head><body>
        <h1>\(escape(title))</h1>

        """
    }

    /// As ipvsadm -L -n names a service: "TCP 198.18.0.10:80", "FWM 5".
    static func serviceName(_ key: ServiceKey) -> String {
        switch key {
        case .address(let proto, let address, let port): "\(proto.ipvsadmName) \(hostPort(address, port))"
        case .fwmark(let mark, let family): "FWM \(mark)\(family == .inet6 ? " IPv6" : "")"
        }
    }

    static func hostPort(_ address: InetAddress, _ port: UInt16) -> String {
        address.isV4 ? "\(address):\(port)" : "[\(address)]:\(port)"
    }

    static func rateCells(_ rates: TrafficRates) -> String {
        "<td>\(rates.cps)</td><td>\(rates.inPPS)</td><td>\(rates.outPPS)</td><td>\(rates.inBPS)</td><td>\(rates.outBPS)</td>"
    }

    /// Text for HTML element content and double-quoted attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
