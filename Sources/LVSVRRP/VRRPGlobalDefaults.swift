import LVSKeepalived
import LVSWire

/// The `global_defs` settings that give every vrrp_instance its defaults (keepalived 2.2.7
/// core/global_data.c, core/global_parser.c; vrrp_data.c alloc_vrrp copies them into each
/// instance, vrrp.c vrrp_complete_init derives the lower-priority ones).
public struct VRRPGlobalDefaults: Sendable, Hashable {
    /// vrrp_garp_master_delay, milliseconds (default 5 s).
    public var gratuitousDelay: Int64 = 5000
    /// vrrp_garp_master_repeat (default 5; 0 is raised to 1).
    public var gratuitousRepeat = 5
    /// vrrp_garp_master_refresh, milliseconds (default 0: off).
    public var gratuitousRefresh: Int64 = 0
    /// vrrp_garp_master_refresh_repeat (default 1).
    public var gratuitousRefreshRepeat = 1
    /// vrrp_garp_lower_prio_delay, milliseconds; nil: vrrp_garp_master_delay.
    public var lowerPriorityGratuitousDelay: Int64?
    /// vrrp_garp_lower_prio_repeat; nil: vrrp_garp_master_repeat.
    public var lowerPriorityGratuitousRepeat: Int?
    /// vrrp_version: the version of IPv4 instances that give none (default 2).
    public var version: VRRPVersion = .v2

    public init() {}

    /// What an instance without its own garp_lower_prio_delay uses.
    public var effectiveLowerPriorityGratuitousDelay: Int64 { lowerPriorityGratuitousDelay ?? gratuitousDelay }
    public var effectiveLowerPriorityGratuitousRepeat: Int { lowerPriorityGratuitousRepeat ?? gratuitousRepeat }

    /// Reads the VRRP keywords global_defs keeps unread (`otherSettings`), with keepalived's
    /// messages for bad values; a bad value leaves the default.
    public init(reading globals: GlobalDefinitions, problems: inout [String]) {
        self.init()
        for node in globals.otherSettings {
            let value = node.argument(0) ?? ""
            switch node.keyword {
            case "vrrp_garp_master_delay":
                if let seconds = VRRPNumber.unsigned(value, max: 4_294) {
                    gratuitousDelay = Int64(seconds) * 1000
                } else {
                    problems.append("vrrp_garp_master_delay '\(value)' invalid - ignoring")
                }
            case "vrrp_garp_master_repeat":
                if let count = VRRPNumber.unsigned(value, max: Int(UInt32.max)) {
                    if count == 0 {
                        problems.append("vrrp_garp_master_repeat must be greater than 0, setting to 1")
                    }
                    gratuitousRepeat = max(1, count)
                } else {
                    problems.append("vrrp_garp_master_repeat '\(value)' invalid - ignoring")
                }
            case "vrrp_garp_master_refresh":
                if let seconds = VRRPNumber.unsigned(value, max: Int(UInt32.max)) {
                    gratuitousRefresh = Int64(seconds) * 1000
                } else {
                    problems.append("Invalid vrrp_garp_master_refresh '\(value)' - ignoring")
                    gratuitousRefresh = 0
                }
            case "vrrp_garp_master_refresh_repeat":
                if let count = VRRPNumber.unsigned(value, max: Int(UInt32.max)) {
                    if count == 0 {
                        problems.append("vrrp_garp_master_refresh_repeat must be greater than 0, setting to 1")
                    }
                    gratuitousRefreshRepeat = max(1, count)
                } else {
                    problems.append("vrrp_garp_master_refresh_repeat '\(value)' invalid - ignoring")
                }
            case "vrrp_garp_lower_prio_delay":
                if let seconds = VRRPNumber.unsigned(value, max: 4_294) {
                    lowerPriorityGratuitousDelay = Int64(seconds) * 1000
                } else {
                    problems.append("vrrp_garp_lower_prio_delay '\(value)' invalid - ignoring")
                }
            case "vrrp_garp_lower_prio_repeat":
                if let count = VRRPNumber.unsigned(value, max: Int(Int32.max)) {
                    lowerPriorityGratuitousRepeat = count
                } else {
                    problems.append("Invalid vrrp_garp_lower_prio_repeat '\(value)'")
                }
            case "vrrp_version":
                switch VRRPNumber.integer(value, in: 2...3) {
                case 2: version = .v2
                case 3: version = .v3
                default: problems.append("VRRP Error: Version must be either 2 or 3")
                }
            default:
                break
            }
        }
    }
}
