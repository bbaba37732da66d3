import LVSCore

/// The flag keywords for a virtual server's flags; the generic flag bits read as sh-/mh- words
/// for the sh and mh schedulers, as keepalived's lbflags_handler sets them.
enum SchedulerFlagWords {
    static func words(_ flags: ServiceFlags, scheduler: String) -> [String] {
        var words: [String] = []
        if flags.contains(.onePacket) {
            words.append("ops")
        }
        if scheduler == "sh" || scheduler == "mh" {
            if flags.contains(.shFallback) {
                words.append("\(scheduler)-fallback")
            }
            if flags.contains(.shPort) {
                words.append("\(scheduler)-port")
            }
            if flags.contains(.schedFlag3) {
                words.append("flag-3")
            }
            return words
        }
        for (flag, word) in [(ServiceFlags.schedFlag1, "flag-1"), (.schedFlag2, "flag-2"), (.schedFlag3, "flag-3")]
        where flags.contains(flag) {
            words.append(word)
        }
        return words
    }
}
