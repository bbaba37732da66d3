extension VRRPInstance {
    /// The notify scripts to run for the transition an action announced: `.becomeMaster` →
    /// `.master`, `.becomeBackup` → `.backup`, `.becomeFault` → `.fault`, `.stop` →
    /// `.initialize` (STOP). keepalived passes the effective priority at that moment
    /// (vrrp_notify.c send_instance_notifies).
    public func notifyCommands(entering state: VRRPState) -> [VRRPNotifyCommand] {
        configuration.notify.instanceCommands(name: configuration.name, entering: state, priority: effectivePriority)
    }

    /// The state an action enters, for `notifyCommands(entering:)`; nil for the other actions.
    public static func stateEntered(by action: VRRPAction) -> VRRPState? {
        switch action {
        case .becomeMaster: .master
        case .becomeBackup: .backup
        case .becomeFault: .fault
        case .stop: .initialize
        default: nil
        }
    }
}
