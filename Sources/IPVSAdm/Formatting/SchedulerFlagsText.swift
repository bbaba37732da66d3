import LVSCore

/// The scheduler flags as `-b` names: sh and mh name their first two flags, other schedulers
/// use the generic flag-N names. sh and mh have no name for the third flag, so ipvsadm prints
/// nothing for it (`sh ()`, `-b ` with an empty list).
enum SchedulerFlagsText {
    static let mask: ServiceFlags = [.schedFlag1, .schedFlag2, .schedFlag3]

    static func names(scheduler: String, flags: ServiceFlags) -> String {
        var names: [String] = []
        switch scheduler {
        case "sh":
            if flags.contains(.shFallback) { names.append("sh-fallback") }
            if flags.contains(.shPort) { names.append("sh-port") }
        case "mh":
            if flags.contains(.mhFallback) { names.append("mh-fallback") }
            if flags.contains(.mhPort) { names.append("mh-port") }
        default:
            if flags.contains(.schedFlag1) { names.append("flag-1") }
            if flags.contains(.schedFlag2) { names.append("flag-2") }
            if flags.contains(.schedFlag3) { names.append("flag-3") }
        }
        return names.joined(separator: ",")
    }
}
