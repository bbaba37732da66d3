import LVSCore

/// Which options each command requires ('+'), forbids ('x'), allows (' '), or allows only one
/// of ('1'). One string per command, one character per `TrackedOption`, as in ipvsadm 1.31.
enum CommandOptionRules {
    private static let table: [IPVSAdmCommand: String] = [
        .addService: "xx+   xxxxxxxxxxxxxxx   xxxxxxxxxx",
        .editService: "xx+   xxxxxxxxxxxxxxx   xxxxxxxxxx",
        .deleteService: "xx+xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        .flush: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        .list: " 11xxxxxxxxx11       xxxxxxx xxxxx",
        .addServer: "xx+xxx+    xxxxxxxxxxxxxxxxxx     ",
        .deleteServer: "xx+xxx+xxxxxxxxxxxxxxxxxxxxxxxxxxx",
        .editServer: "xx+xxx+    xxxxxxxxxxxxxxxxxx     ",
        .setTimeouts: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        .startDaemon: "xxxxxxxxxxx xxxxxxx xxxx    xxxxxx",
        .stopDaemon: "xxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxx",
        .restore: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        .save: " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        .zero: "xx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    ]

    /// ipvsadm's generic_opt_check: the message for the first rule broken, in option order.
    static func violation(command: IPVSAdmCommand, options: TrackedOptions) -> String? {
        let rules = Array((table[command] ?? "").utf8)
        var firstExclusive: TrackedOption?
        for option in TrackedOption.allCases {
            let rule = option.rawValue < rules.count ? rules[option.rawValue] : UInt8(ascii: "x")
            if !options.contains(option) {
                if rule == UInt8(ascii: "+") {
                    return "You need to supply the '\(option.name)' option for the '\(command.name)' command"
                }
                continue
            }
            if rule == UInt8(ascii: "x") {
                return "Illegal '\(option.name)' option with the '\(command.name)' command"
            }
            if rule == UInt8(ascii: "1") {
                if let first = firstExclusive {
                    return
                        "The option '\(option.name)' conflicts with the '\(first.name)' option in the '\(command.name)' command"
                }
                firstExclusive = option
            }
        }
        return nil
    }
}
