/// Which table `ipvsadm -L` prints. ipvsadm accepts several of these options at once and
/// lets the first one in this order win (`--stats --rate` prints stats).
enum ListColumns {
    case stats, rate, thresholds, persistentConnections, tunnelInfo, standard
    /// `-S`: the commands that rebuild the table.
    case rules

    init(_ options: ListOptions) {
        if options.stats {
            self = .stats
        } else if options.rate {
            self = .rate
        } else if options.thresholds {
            self = .thresholds
        } else if options.persistentConnections {
            self = .persistentConnections
        } else if options.tunnelInfo {
            self = .tunnelInfo
        } else {
            self = .standard
        }
    }

    /// The two heading lines (none for rules).
    var title: String {
        let prot = CFormat.left("Prot LocalAddress:Port", 33)
        let remote = "  -> RemoteAddress:Port\n"
        func counters(_ names: [String]) -> String {
            prot + names.map { " " + CFormat.right($0, 8) }.joined() + "\n" + remote
        }
        switch self {
        case .stats:
            return counters(["Conns", "InPkts", "OutPkts", "InBytes", "OutBytes"])
        case .rate:
            return counters(["CPS", "InPPS", "OutPPS", "InBPS", "OutBPS"])
        case .thresholds:
            return prot + " "
                + ["Uthreshold", "Lthreshold", "ActiveConn", "InActConn"]
                .map { CFormat.left($0, 10) }.joined(separator: " ") + "\n" + remote
        case .persistentConnections:
            return prot + " " + CFormat.left("Weight", 9) + " " + CFormat.left("PersistConn", 11) + " "
                + CFormat.left("ActiveConn", 10) + " " + CFormat.left("InActConn", 10) + "\n" + remote
        case .tunnelInfo:
            return "Prot LocalAddress:Port Scheduler Flags\n"
                + "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n"
        case .standard:
            return "Prot LocalAddress:Port Scheduler Flags\n"
                + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
        case .rules:
            return ""
        }
    }
}
