import LVSKeepalived

extension VRRPNotifyScripts {
    /// One `notify_*` / `notify` line of a vrrp_instance or vrrp_sync_group: `SCRIPT [USER
    /// [GROUP]]`, the script quoted when it has arguments. A second line of the same keyword is
    /// refused as keepalived refuses it (vrrp_parser.c vrrp_notify_*_handler). `owner` is
    /// "(VI_1)" for an instance, "vrrp group G:" for a group.
    mutating func read(_ node: ConfigNode, owner: String, problems: inout [String]) {
        guard let command = node.argument(0) else {
            problems.append("\(owner) \(node.keyword) script missing - ignoring")
            return
        }
        let script = NotifyScript(command: command, user: node.argument(1), group: node.argument(2))
        guard script.arguments != nil else {
            problems.append("Unable to parse script '\(command)' - ignoring")
            return
        }
        let keyPath: WritableKeyPath<VRRPNotifyScripts, NotifyScript?>
        switch node.keyword {
        case "notify_master": keyPath = \.master
        case "notify_backup": keyPath = \.backup
        case "notify_fault": keyPath = \.fault
        case "notify_stop": keyPath = \.stop
        default: keyPath = \.generic
        }
        if self[keyPath: keyPath] != nil {
            let what = node.keyword == "notify" ? "notify" : node.keyword
            problems.append("\(owner) \(what) script already specified - ignoring \(command)")
            return
        }
        self[keyPath: keyPath] = script
    }
}
