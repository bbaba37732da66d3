import LVSKeepalived

extension VRRPScript {
    /// `vrrp_script NAME { script ...; interval; timeout; weight [reverse]; rise; fall; user;
    /// init_fail }` with keepalived 2.2.7's messages (vrrp_parser.c vrrp_vscript_*_handler).
    /// nil (reported) when keepalived removes the script: no usable `script` line.
    public init?(reading block: ConfigNode, problems: inout [String]) {
        self.init(name: block.argument(0) ?? "")
        // UINT_MAX / TIMER_HZ: the largest number of seconds keepalived's timers hold.
        let maximumSeconds = 4_294
        for line in block.children {
            let value = line.argument(0) ?? ""
            switch line.keyword {
            case "script":
                // keepalived takes the first word (quoted if it has arguments) and splits it.
                arguments = line.argument(0).flatMap { NotifyScript(command: $0).arguments } ?? []
            case "interval":
                guard let seconds = VRRPNumber.unsigned(value, max: maximumSeconds) else {
                    problems.append(
                        "(\(name)): vrrp script interval '\(value)' must be between 1 and \(maximumSeconds) - ignoring")
                    continue
                }
                if seconds == 0 {
                    problems.append("(\(name)): vrrp script interval must be greater than 0, setting to 1")
                }
                interval = Int64(max(1, seconds)) * 1000
            case "timeout":
                guard let seconds = VRRPNumber.unsigned(value, max: maximumSeconds) else {
                    problems.append("(\(name)): vrrp script timeout '\(value)' invalid - ignoring")
                    continue
                }
                if seconds == 0 {
                    problems.append("(\(name)): vrrp script timeout must be greater than 0, setting to 1")
                }
                timeout = Int64(max(1, seconds)) * 1000
            case "weight":
                if let parsed = VRRPNumber.integer(value, in: -253...253) {
                    weight = parsed
                } else {
                    // keepalived then keeps an undefined value; 0 (no effect) is the safe reading.
                    problems.append("vrrp_script \(name) weight \(value) must be in [-253, 253]")
                    weight = 0
                }
                if let option = line.argument(1) {
                    if option == "reverse" {
                        reverse = true
                    } else {
                        problems.append("vrrp_script \(name) unknown weight option \(option)")
                    }
                }
            case "rise", "fall":
                let parsed = VRRPNumber.unsigned(value, max: Int(Int32.max)).flatMap { $0 >= 1 ? $0 : nil }
                if parsed == nil {
                    problems.append(
                        "(\(name)): vrrp script \(line.keyword) value '\(value)' invalid, defaulting to 1")
                }
                if line.keyword == "rise" { rise = parsed ?? 1 } else { fall = parsed ?? 1 }
            case "user":
                user = line.argument(0)
                group = line.argument(1)
            case "init_fail":
                initFail = true
            default:
                break
            }
        }
        guard !arguments.isEmpty else {
            problems.append("No script set for vrrp_script \(name) - removing")
            return nil
        }
    }
}
