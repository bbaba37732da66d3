import LVSHealth
import LVSLinux
import LVSVRRP
import Logging

/// vrrp_script runs through MISC_CHECK's launcher: the script leads its own process group, is
/// sent SIGTERM at its timeout and SIGKILL after the grace, its children with it. keepalived
/// counts a timeout, a signal or a non-zero exit as a failure.
public enum VRRPScriptProcess {
    public static func run(_ script: VRRPScript, user: String?, group: String?) async -> Bool {
        guard !script.arguments.isEmpty else { return false }
        var userID: UInt32?
        var groupID: UInt32?
        if let user {
            // keepalived refuses to run a script whose user does not exist: a failure.
            guard let account = AccountLookup.user(named: user) else { return false }
            userID = account.uid
            groupID = group.flatMap { AccountLookup.group(named: $0) } ?? account.gid
        }
        let probe = MiscProbe(
            arguments: script.arguments, timeout: .milliseconds(script.effectiveTimeout), userID: userID,
            groupID: groupID)
        if case .success(0) = await probe.run() { return true }
        return false
    }
}
