import LVSCore
import LVSVocabulary

/// `lvs top`'s screen: `ipvsadm -L -n --rate` with each real server's share of its service's
/// connections as a bar, and the director's drops by reason, fitted to a terminal of
/// `columns` x `rows`. Every line is cut to the width (trailing blanks dropped); when the lines
/// outnumber the rows, the last row says how many were left out.
public struct TopScreen: Sendable {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    /// Widest bar (between the brackets).
    static let maximumBar = 20
    /// Narrower bars say too little to be worth their columns.
    static let minimumBar = 5
    /// The columns before a real server's bar.
    static let barStart = 62

    public func lines(_ table: TableSnapshot, drops: [(reason: String, count: UInt64)] = []) -> [String] {
        var all = [summary(table), serviceTitle, destinationTitle]
        for service in table.services { all += serviceLines(service) }
        let dropped = drops.filter { $0.count > 0 }.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.reason < $1.reason
        }
        if !dropped.isEmpty {
            all.append("Drops by reason:")
            for drop in dropped {
                all.append("  " + CFormat.left(drop.reason, 28) + " " + CFormat.right(String(drop.count), 12))
            }
        }
        guard rows > 0, columns > 0 else { return [] }
        if all.count > rows {
            let kept = Array(all.prefix(rows - 1))
            all = kept + ["... \(all.count - kept.count) more lines"]
        }
        return all.map(fitted)
    }

    private func summary(_ table: TableSnapshot) -> String {
        let servers = table.services.reduce(0) { $0 + $1.destinations.count }
        var active: UInt64 = 0
        var inactive: UInt64 = 0
        for service in table.services {
            for d in service.destinations {
                active += UInt64(d.activeConnections)
                inactive += UInt64(d.inactiveConnections)
            }
        }
        return "lvs top: \(table.services.count) services, \(servers) real servers, "
            + "\(active) active, \(inactive) inactive connections"
    }

    private var serviceTitle: String {
        CFormat.left("Prot LocalAddress:Port", 30) + " " + CFormat.left("Sched", 6) + " " + CFormat.right("CPS", 6)
            + " " + CFormat.right("InPPS", 7) + " " + CFormat.right("OutPPS", 7) + " " + CFormat.right("InBPS", 8) + " "
            + CFormat.right("OutBPS", 8)
    }

    private var destinationTitle: String {
        CFormat.left("  -> RemoteAddress:Port", 30) + " " + CFormat.left("Forward", 7) + " "
            + CFormat.right("Weight", 6)
            + " " + CFormat.right("Active", 7) + " " + CFormat.right("InAct", 7) + " Share"
    }

    private func serviceLines(_ service: ServiceSnapshot) -> [String] {
        let namer = EndpointNamer(numeric: true, resolver: NumericOnlyResolver())
        let name: String
        switch service.config.key {
        case .fwmark(let mark, let family):
            name = "FWM  \(CFormat.signed(mark))" + (family == .inet6 ? " IPv6" : "")
        case .address(let proto, let address, let port):
            name = CFormat.left(proto.ipvsadmName, 4) + " " + namer.name(address, port, proto: proto)
        }
        let r = service.rates
        var out = [
            CFormat.left(name, 30) + " " + CFormat.left(service.config.scheduler, 6) + " "
                + CFormat.right(String(r.cps), 6) + " " + CFormat.right(String(r.inPPS), 7) + " "
                + CFormat.right(String(r.outPPS), 7) + " " + CFormat.right(String(r.inBPS), 8) + " "
                + CFormat.right(String(r.outBPS), 8)
        ]
        let total = service.destinations.reduce(UInt64(0)) {
            $0 + UInt64($1.activeConnections) + UInt64($1.inactiveConnections)
        }
        for d in service.destinations {
            let key = d.config.key
            let endpoint = namer.name(key.address, key.port, proto: nil)
            let connections = UInt64(d.activeConnections) + UInt64(d.inactiveConnections)
            out.append(
                CFormat.left("  -> " + endpoint, 30) + " " + CFormat.left(d.config.forward.ipvsadmName, 7) + " "
                    + CFormat.right(String(d.config.weight), 6) + " " + CFormat.right(String(d.activeConnections), 7)
                    + " " + CFormat.right(String(d.inactiveConnections), 7) + " " + share(connections, of: total))
        }
        return out
    }

    /// `[####      ]  40%`: the bar as wide as the screen leaves room for (at most
    /// `maximumBar`), just the percentage where it leaves less than `minimumBar`.
    private func share(_ part: UInt64, of total: UInt64) -> String {
        let percent = total == 0 ? 0 : Int(part * 100 / total)
        let text = CFormat.right("\(percent)%", 4)
        // The bar, its brackets, a space and the percentage within the last-but-one column.
        let bar = min(Self.maximumBar, columns - 1 - Self.barStart - 2 - 1 - 4)
        guard bar >= Self.minimumBar else { return text }
        let filled = total == 0 ? 0 : Int(part * UInt64(bar) / total)
        return "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: bar - filled) + "] " + text
    }

    /// Cut to the width, without trailing blanks.
    private func fitted(_ line: String) -> String {
        var bytes = Array(line.utf8.prefix(columns))
        while bytes.last == UInt8(ascii: " ") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
