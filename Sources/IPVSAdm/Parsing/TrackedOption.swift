import LVSCore

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
