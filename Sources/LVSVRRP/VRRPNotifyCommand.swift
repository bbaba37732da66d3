/// One script run: argv for execve (no shell) and who to run it as (nil: global_defs' script_user).
/// keepalived runs a STOP script synchronously with a 1 s limit (system_call_script with TIMER_HZ)
/// and the others in the background.
public struct VRRPNotifyCommand: Sendable, Hashable {
    public var arguments: [String]
    public var user: String?
    public var group: String?

    public init(arguments: [String], user: String? = nil, group: String? = nil) {
        self.arguments = arguments
        self.user = user
        self.group = group
    }
}
