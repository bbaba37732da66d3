import LVSCore

/// The ipvsadm commands, in the order of ipvsadm's command table (their names appear in
/// messages such as "Illegal 'weight' option with the 'delete-server' command").
enum IPVSAdmCommand: Int, CaseIterable, Sendable {
    case addService, editService, deleteService, flush, list
    case addServer, deleteServer, editServer, setTimeouts
    case startDaemon, stopDaemon, restore, save, zero

    var name: String {
        switch self {
        case .addService: "add-service"
        case .editService: "edit-service"
        case .deleteService: "delete-service"
        case .flush: "flush"
        case .list: "list"
        case .addServer: "add-server"
        case .deleteServer: "delete-server"
        case .editServer: "edit-server"
        case .setTimeouts: "set"
        case .startDaemon: "start-daemon"
        case .stopDaemon: "stop-daemon"
        case .restore: "restore"
        case .save: "save"
        case .zero: "zero"
        }
    }
}

/// The options whose presence ipvsadm tracks, in its bit order: checks run in this order, so
/// the first offending option by this order is the one a message names.
enum TrackedOption: Int, CaseIterable, Sendable {
    case numeric, connection, service, scheduler, persistent, netmask, server, forward
    case weight, upperThreshold, lowerThreshold, mcastInterface, timeout, daemon, stats, rate
    case thresholds, persistentConn, noSort, syncID, exact, onePacket, persistenceEngine
    case schedFlags, mcastGroup, mcastPort, mcastTTL, syncMaxlen, tunInfo, tunType, tunPort
    case tunNoChecksum, tunChecksum, tunRemoteChecksum

    var name: String {
        switch self {
        case .numeric: "numeric"
        case .connection: "connection"
        case .service: "service-address"
        case .scheduler: "scheduler"
        case .persistent: "persistent"
        case .netmask: "netmask"
        case .server: "real-server"
        case .forward: "forwarding-method"
        case .weight: "weight"
        case .upperThreshold: "u-threshold"
        case .lowerThreshold: "l-threshold"
        case .mcastInterface: "mcast-interface"
        case .timeout: "timeout"
        case .daemon: "daemon"
        case .stats: "stats"
        case .rate: "rate"
        case .thresholds: "thresholds"
        case .persistentConn: "persistent-conn"
        case .noSort: "nosort"
        case .syncID: "syncid"
        case .exact: "exact"
        case .onePacket: "ops"
        case .persistenceEngine: "pe"
        case .schedFlags: "sched-flags"
        case .mcastGroup: "mcast-group"
        case .mcastPort: "mcast-port"
        case .mcastTTL: "mcast-ttl"
        case .syncMaxlen: "sync-maxlen"
        case .tunInfo: "tun-info"
        case .tunType: "tun-type"
        case .tunPort: "tun-port"
        case .tunNoChecksum: "tun-nocsum"
        case .tunChecksum: "tun-csum"
        case .tunRemoteChecksum: "tun-remcsum"
        }
    }
}

/// Set of tracked options given on one command line.
struct TrackedOptions: Sendable {
    private(set) var bits: UInt64 = 0
    func contains(_ o: TrackedOption) -> Bool { bits & (1 << UInt64(o.rawValue)) != 0 }
    mutating func insert(_ o: TrackedOption) { bits |= 1 << UInt64(o.rawValue) }
    func containsAny(_ list: [TrackedOption]) -> Bool { list.contains { contains($0) } }
}

/// Which options each command requires ('+'), forbids ('x'), allows (' '), or allows only one
/// of ('1'). One string per command, one character per `TrackedOption`, as in ipvsadm 1.31.
enum CommandOptionRules {
    private static let table: [IPVSAdmCommand: String] = [
        .addService:    "xx+   xxxxxxxxxxxxxxx   xxxxxxxxxx",
        .editService:   "xx+   xxxxxxxxxxxxxxx   xxxxxxxxxx",
        .deleteService: "xx+xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        .flush:         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        .list:          " 11xxxxxxxxx11       xxxxxxx xxxxx",
        .addServer:     "xx+xxx+    xxxxxxxxxxxxxxxxxx     ",
        .deleteServer:  "xx+xxx+xxxxxxxxxxxxxxxxxxxxxxxxxxx",
        .editServer:    "xx+xxx+    xxxxxxxxxxxxxxxxxx     ",
        .setTimeouts:   "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        .startDaemon:   "xxxxxxxxxxx xxxxxxx xxxx    xxxxxx",
        .stopDaemon:    "xxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxx",
        .restore:       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        .save:          " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        .zero:          "xx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    ]

    /// ipvsadm's generic_opt_check: the message for the first rule broken, in option order.
    static func violation(command: IPVSAdmCommand, options: TrackedOptions) -> String? {
        let rules = Array((table[command] ?? "").utf8)
        var firstExclusive: TrackedOption?
        for option in TrackedOption.allCases {
            let rule = option.rawValue < rules.count ? rules[option.rawValue] : UInt8(ascii: "x")
            if !options.contains(option) {
                if rule == UInt8(ascii: "+") {
                    return "You need to supply the '\(option.name)' option for the '\(command.name)' command"
                }
                continue
            }
            if rule == UInt8(ascii: "x") {
                return "Illegal '\(option.name)' option with the '\(command.name)' command"
            }
            if rule == UInt8(ascii: "1") {
                if let first = firstExclusive {
                    return "The option '\(option.name)' conflicts with the '\(first.name)' option in the '\(command.name)' command"
                }
                firstExclusive = option
            }
        }
        return nil
    }
}

/// Which tunnel options each tunnel type requires, forbids or allows one of (ipvsadm's
/// tunnel_types_v_options): columns tun-port, tun-nocsum, tun-csum, tun-remcsum.
enum TunnelOptionRules {
    private static let columns: [TrackedOption] = [.tunPort, .tunNoChecksum, .tunChecksum, .tunRemoteChecksum]

    private static func rules(for type: TunnelType) -> String {
        switch type {
        case .ipip: "xxxx"
        case .gue: "+111"
        case .gre: "x11x"
        }
    }

    static func violation(type: TunnelType, options: TrackedOptions) -> String? {
        let rules = Array(rules(for: type).utf8)
        var firstExclusive: TrackedOption?
        for (i, option) in columns.enumerated() {
            let rule = rules[i]
            if !options.contains(option) {
                if rule == UInt8(ascii: "+") {
                    return "You need to supply the '\(option.name)' option for the '\(type.name)' tunnel type"
                }
                continue
            }
            if rule == UInt8(ascii: "x") {
                return "Illegal '\(option.name)' option with the '\(type.name)' tunnel type"
            }
            if rule == UInt8(ascii: "1") {
                if let first = firstExclusive {
                    return "The option '\(option.name)' conflicts with the '\(first.name)' option in the '\(type.name)' tunnel type"
                }
                firstExclusive = option
            }
        }
        return nil
    }
}

extension TunnelType {
    /// ipvsadm's parse_tun_type.
    init?(ipvsadmName: String) {
        switch ipvsadmName {
        case "ipip": self = .ipip
        case "gue": self = .gue
        case "gre": self = .gre
        default: return nil
        }
    }
}
