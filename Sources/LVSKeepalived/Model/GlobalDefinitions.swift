import LVSCore

/// `global_defs { }`: the settings the LVS half uses, typed; every other keyword keepalived
/// knows is kept as written (`otherSettings`) for the parts of the program that will need them.
public struct GlobalDefinitions: Hashable, Sendable {
    public var routerID: String?
    /// `script_user USER [GROUP]`: who runs scripts that name no user (keepalived_script by default).
    public var scriptUser: String?
    public var scriptGroup: String?
    public var enableScriptSecurity: Bool
    /// `lvs_timeouts [tcp N] [tcpfin N] [udp N]`; 0 leaves that timeout as the director has it.
    public var lvsTimeouts: IPVSTimeouts?
    /// `smtp_alert` / `smtp_alert_checker`; nil when not given (they decide the servers' smtp_alert default).
    public var smtpAlert: Bool?
    public var smtpAlertChecker: Bool?
    public var otherSettings: [ConfigNode]

    public init(
        routerID: String? = nil, scriptUser: String? = nil, scriptGroup: String? = nil,
        enableScriptSecurity: Bool = false, lvsTimeouts: IPVSTimeouts? = nil, smtpAlert: Bool? = nil,
        smtpAlertChecker: Bool? = nil, otherSettings: [ConfigNode] = []
    ) {
        self.routerID = routerID
        self.scriptUser = scriptUser
        self.scriptGroup = scriptGroup
        self.enableScriptSecurity = enableScriptSecurity
        self.lvsTimeouts = lvsTimeouts
        self.smtpAlert = smtpAlert
        self.smtpAlertChecker = smtpAlertChecker
        self.otherSettings = otherSettings
    }
}
