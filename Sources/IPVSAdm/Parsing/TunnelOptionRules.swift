import LVSCore

/// Which tunnel options each tunnel type requires, forbids or allows one of (ipvsadm's
/// tunnel_types_v_options): columns tun-port, tun-nocsum, tun-csum, tun-remcsum.
enum TunnelOptionRules {
    private static let columns: [TrackedOption] = [.tunPort, .tunNoChecksum, .tunChecksum, .tunRemoteChecksum]

    private static func rules(for type: TunnelType) -> String {
        switch type {
        case .ipip: "xxxx"
        case .gue: "+111"
        case .gre: "x11x"
        }
    }

    static func violation(type: TunnelType, options: TrackedOptions) -> String? {
        let rules = Array(rules(for: type).utf8)
        var firstExclusive: TrackedOption?
        for (i, option) in columns.enumerated() {
            let rule = rules[i]
            if !options.contains(option) {
                if rule == UInt8(ascii: "+") {
                    return "You need to supply the '\(option.name)' option for the '\(type.name)' tunnel type"
                }
                continue
            }
            if rule == UInt8(ascii: "x") {
                return "Illegal '\(option.name)' option with the '\(type.name)' tunnel type"
            }
            if rule == UInt8(ascii: "1") {
                if let first = firstExclusive {
                    return
                        "The option '\(option.name)' conflicts with the '\(first.name)' option in the '\(type.name)' tunnel type"
                }
                firstExclusive = option
            }
        }
        return nil
    }
}

extension TunnelType {
    /// ipvsadm's parse_tun_type.
    init?(ipvsadmName: String) {
        switch ipvsadmName {
        case "ipip": self = .ipip
        case "gue": self = .gue
        case "gre": self = .gre
        default: return nil
        }
    }
}
