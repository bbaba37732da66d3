import LVSKeepalived
import LVSVRRP

/// A vrrp_instance's notify scripts and what keepalived runs on each state (vrrp_notify.c):
/// `notify_master` / `notify_backup` / `notify_fault` / `notify_stop` as written, and the generic
/// `notify SCRIPT` with `INSTANCE NAME STATE PRIORITY` appended.
///
/// Read here from the block until LVSVRRP's configuration carries them (a seam: the runner only
/// needs `commands(entering:priority:)`).
public struct VRRPNotifyScripts: Sendable, Hashable {
    public var master: NotifyScript?
    public var backup: NotifyScript?
    public var fault: NotifyScript?
    public var stop: NotifyScript?
    public var generic: NotifyScript?

    public init(
        master: NotifyScript? = nil, backup: NotifyScript? = nil, fault: NotifyScript? = nil,
        stop: NotifyScript? = nil, generic: NotifyScript? = nil
    ) {
        self.master = master
        self.backup = backup
        self.fault = fault
        self.stop = stop
        self.generic = generic
    }

    /// From a `vrrp_instance` block; `scriptUser` is global_defs' script_user (who runs scripts
    /// that name no user).
    public init(reading node: ConfigNode, scriptUser: String? = nil, scriptGroup: String? = nil) {
        func script(_ keyword: String) -> NotifyScript? {
            guard let line = node.children.last(where: { $0.keyword == keyword }), let command = line.argument(0)
            else { return nil }
            let user = line.argument(1) ?? scriptUser
            return NotifyScript(
                command: command, user: user, group: line.argument(1) == nil ? scriptGroup : line.argument(2))
        }
        self.init(
            master: script("notify_master"), backup: script("notify_backup"), fault: script("notify_fault"),
            stop: script("notify_stop"), generic: script("notify"))
    }

    /// The scripts to run, with their argv, when instance `name` enters `state` (STOP for
    /// `.initialize` after a shutdown). The state's own script first, then the generic one.
    public func commands(
        instance name: String, entering state: VRRPState, priority: UInt8
    ) -> [(
        NotifyScript, [String]
    )] {
        let own: NotifyScript?
        let word: String
        switch state {
        case .master: (own, word) = (master, "MASTER")
        case .backup: (own, word) = (backup, "BACKUP")
        case .fault: (own, word) = (fault, "FAULT")
        case .initialize: (own, word) = (stop, "STOP")
        }
        var result: [(NotifyScript, [String])] = []
        if let own, let words = ScriptWords.split(own.command) { result.append((own, words)) }
        if let generic, let words = ScriptWords.split(generic.command) {
            result.append((generic, words + ["INSTANCE", name, word, "\(priority)"]))
        }
        return result
    }
}
