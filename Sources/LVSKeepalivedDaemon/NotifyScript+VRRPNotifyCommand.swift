import LVSKeepalived
import LVSVRRP

extension NotifyScript {
    /// A VRRP notify command for the script runner: a command that names no user runs as
    /// global_defs' script_user (and its group), as keepalived runs it.
    init(command: VRRPNotifyCommand, scriptUser: String?, scriptGroup: String?) {
        self.init(
            command: command.arguments.joined(separator: " "), user: command.user ?? scriptUser,
            group: command.user == nil ? scriptGroup : command.group)
    }
}
