import LVSLinux

/// Starts keepalived's notify scripts (notify_up, quorum_down, ...): not waited for, as
/// keepalived does not wait, and reaped when they end.
public enum NotifyScriptLaunch {
    /// Runs `arguments` (program first) as `user`/`group` when given; reports a script that
    /// could not start or ended badly through `ended` (for the log).
    public static func start(
        _ arguments: [String], user: String?, group: String?,
        ended: @escaping @Sendable (String?) -> Void
    ) {
        var userID: UInt32?
        var groupID: UInt32?
        if let user {
            guard let account = AccountLookup.user(named: user) else {
                ended("unknown user \(user)")
                return
            }
            userID = account.uid
            groupID = group.flatMap { AccountLookup.group(named: $0) } ?? account.gid
        }
        Task {
            switch await ScriptLaunch.run(arguments, userID: userID, groupID: groupID, started: { _ in }) {
            case .exited(0): ended(nil)
            case .exited(let code): ended("exit status \(code)")
            case .signaled(let signal): ended("killed by signal \(signal)")
            case .couldNotStart(let why): ended(why)
            }
        }
    }
}
