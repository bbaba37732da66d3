import LVSKeepalived

/// An instance's or a sync group's notify scripts: `notify_master`, `notify_backup`,
/// `notify_fault`, `notify_stop` (run as written) and `notify` (run with four words appended).
/// keepalived 2.2.7 vrrp_notify.c send_instance_notifies / send_group_notifies /
/// notify_script_exec.
public struct VRRPNotifyScripts: Sendable, Hashable {
    public var master: NotifyScript?
    public var backup: NotifyScript?
    public var fault: NotifyScript?
    public var stop: NotifyScript?
    /// The generic script: `script... INSTANCE|GROUP NAME MASTER|BACKUP|FAULT|STOP PRIORITY`.
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

    public var isEmpty: Bool { self == VRRPNotifyScripts() }

    /// The state script for `state` (get_iscript / get_gscript); INIT has none.
    public func script(for state: VRRPState) -> NotifyScript? {
        switch state {
        case .master: master
        case .backup: backup
        case .fault: fault
        case .initialize: stop
        }
    }

    /// What to run when an instance enters `state` (`.initialize` = keepalived's STOP), in
    /// keepalived's order: the state script, then the generic one. `priority` is the effective
    /// priority at that moment.
    public func instanceCommands(name: String, entering state: VRRPState, priority: UInt8) -> [VRRPNotifyCommand] {
        commands(kind: "INSTANCE", name: name, entering: state, priority: Int(priority))
    }

    /// The same for a sync group: keepalived passes priority 0 for a group.
    public func groupCommands(name: String, entering state: VRRPState) -> [VRRPNotifyCommand] {
        commands(kind: "GROUP", name: name, entering: state, priority: 0)
    }

    func commands(kind: String, name: String, entering state: VRRPState, priority: Int) -> [VRRPNotifyCommand] {
        var result: [VRRPNotifyCommand] = []
        if let script = script(for: state), let words = script.arguments {
            result.append(VRRPNotifyCommand(arguments: words, user: script.user, group: script.group))
        }
        if let script = generic, let words = script.arguments {
            // argv, not a shell line: the name goes unquoted (the FIFO line quotes it).
            let extra = [kind, name, Self.word(for: state), String(priority)]
            result.append(VRRPNotifyCommand(arguments: words + extra, user: script.user, group: script.group))
        }
        return result
    }

    /// keepalived's state words (notify_script_exec).
    public static func word(for state: VRRPState) -> String {
        switch state {
        case .master: "MASTER"
        case .backup: "BACKUP"
        case .fault: "FAULT"
        case .initialize: "STOP"
        }
    }

    /// The line keepalived writes to notify_fifo / vrrp_notify_fifo (notify_fifo):
    /// `INSTANCE "VI_1" MASTER 100` (a group's priority is 0).
    public static func fifoLine(group: Bool, name: String, entering state: VRRPState, priority: UInt8) -> String {
        "\(group ? "GROUP" : "INSTANCE") \"\(name)\" \(word(for: state)) \(group ? 0 : priority)\n"
    }
}
