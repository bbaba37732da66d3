import LVSCore
import LVSKeepalived
import LVSVRRP
import LVSVocabulary

/// global_defs' `lvs_sync_daemon IF [inst NAME | NAME] [id N] [maxlen N] [port N] [ttl N]
/// [group ADDR]`, read and acted on as keepalived 2.2.7 does (global_parser.c
/// lvs_syncd_handler, vrrp.c, vrrp_scheduler.c, check_daemon.c):
/// - with an instance, the sync daemon follows it: backup at start-up, and on MASTER the backup
///   stops and the master starts, on leaving MASTER the reverse; the sync id defaults to the
///   instance's VRID;
/// - without one, master and backup both start at once (sync id 0 by default).
public struct LVSSyncDaemonSetting: Sendable, Hashable {
    public var interface: String
    public var instanceName: String?
    public var syncID: UInt8?
    public var maxLength: UInt16 = 0
    public var port: UInt16 = 0
    public var ttl: UInt8 = 0
    public var group: InetAddress?

    public init(interface: String, instanceName: String? = nil, syncID: UInt8? = nil) {
        self.interface = interface
        self.instanceName = instanceName
        self.syncID = syncID
    }

    /// The setting in `global`, if any; `problems` gets keepalived's words for what it ignores.
    public static func reading(_ global: GlobalDefinitions, problems: inout [String]) -> LVSSyncDaemonSetting? {
        var setting: LVSSyncDaemonSetting?
        for line in global.otherSettings where line.keyword == "lvs_sync_daemon" {
            if let setting {
                problems.append(
                    "lvs_sync_daemon has already been specified as \(setting.interface) \(setting.instanceName ?? "") - ignoring"
                )
                continue
            }
            setting = read(line.arguments, problems: &problems)
        }
        return setting
    }

    static func read(_ words: [String], problems: inout [String]) -> LVSSyncDaemonSetting? {
        guard let interface = words.first else {
            problems.append("lvs_sync_daemon requires interface")
            return nil
        }
        guard interface.utf8.count < 16 else {
            problems.append("lvs_sync_daemon interface name '\(interface)' too long - ignoring")
            return nil
        }
        var setting = LVSSyncDaemonSetting(interface: interface)
        var i = 1
        func value() -> String? { i + 1 < words.count ? words[i + 1] : nil }
        while i < words.count {
            let word = words[i]
            switch word {
            case "inst":
                if let existing = setting.instanceName {
                    problems.append(
                        "lvs_sync_daemon vrrp instance has already been specified as \(existing) - ignoring")
                } else {
                    setting.instanceName = value()
                }
                i += 2
            case "id":
                if let text = value() {
                    if let id = UInt8(text) {
                        setting.syncID = id
                    } else {
                        problems.append("Invalid syncid (\(text)) - defaulting to vrid")
                    }
                } else {
                    problems.append("No value specified for lvs_sync_daemon id, defaulting to vrid")
                }
                i += 2
            case "maxlen":
                if let text = value(), let n = UInt16(text), n >= 1, n <= 65535 - 20 - 8 {
                    setting.maxLength = n
                } else {
                    problems.append("Invalid lvs_sync_daemon maxlen (\(value() ?? "")) - ignoring")
                }
                i += 2
            case "port":
                if let text = value(), let n = UInt16(text), n >= 1 {
                    setting.port = n
                } else {
                    problems.append("Invalid lvs_sync_daemon port (\(value() ?? "")) - ignoring")
                }
                i += 2
            case "ttl":
                if let text = value(), let n = UInt8(text), n >= 1 {
                    setting.ttl = n
                } else {
                    problems.append("Invalid lvs_sync_daemon ttl (\(value() ?? "")) - ignoring")
                }
                i += 2
            case "group":
                if let text = value(), let address = InetAddress(text), Self.isMulticast(address) {
                    setting.group = address
                } else {
                    problems.append("lvs_sync_daemon group address \(value() ?? "") is not multicast - ignoring")
                }
                i += 2
            default:
                // The old positional form: lvs_sync_daemon IF VRRP_INSTANCE [SYNC_ID].
                if i == 1 {
                    setting.instanceName = word
                } else if i == 2, let id = UInt8(word) {
                    problems.append("Please use keyword \"id\" before lvs_sync_daemon SYNCID")
                    setting.syncID = id
                } else {
                    problems.append("Unknown option \(word) specified for lvs_sync_daemon")
                }
                i += 1
            }
        }
        return setting
    }

    static func isMulticast(_ address: InetAddress) -> Bool {
        address.isV4 ? address.v4 >> 28 == 0xE : address.high >> 56 == 0xFF
    }

    /// The director's sync daemon configuration for `role`; `virtualRouterID` is the followed
    /// instance's (the default sync id).
    public func configuration(_ role: SyncDaemonConfig.Role, virtualRouterID: UInt8?) -> SyncDaemonConfig {
        SyncDaemonConfig(
            role: role, interface: interface, syncID: syncID ?? virtualRouterID ?? 0, maxLength: maxLength,
            mcastGroup: group, mcastPort: port, mcastTTL: ttl)
    }

    /// What keepalived asks for at start-up before any instance changes state: one batch per
    /// command (a failing stop must not keep a start from happening).
    public func startupOperations(virtualRouterID: UInt8?) -> [AdminOperation] {
        if instanceName == nil {
            return [
                .startSyncDaemon(configuration(.master, virtualRouterID: nil)),
                .startSyncDaemon(configuration(.backup, virtualRouterID: nil)),
            ]
        }
        return [.startSyncDaemon(configuration(.backup, virtualRouterID: virtualRouterID))]
    }

    /// What the followed instance's move into `state` asks for (from `previous`).
    public func operations(
        from previous: VRRPState, to state: VRRPState, virtualRouterID: UInt8
    ) -> [AdminOperation] {
        if state == .master && previous != .master {
            return [
                .stopSyncDaemon(.backup), .startSyncDaemon(configuration(.master, virtualRouterID: virtualRouterID)),
            ]
        }
        if previous == .master && state != .master {
            return [
                .stopSyncDaemon(.master), .startSyncDaemon(configuration(.backup, virtualRouterID: virtualRouterID)),
            ]
        }
        return []
    }
}
