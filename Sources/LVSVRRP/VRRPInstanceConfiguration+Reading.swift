import LVSKeepalived
import LVSVocabulary
import LVSWire

extension VRRPInstanceConfiguration {
    /// Reads a `vrrp_instance NAME { ... }` block as keepalived does: a bad value is reported in
    /// `problems` (keepalived's words where it has them) and the default kept. Tracked scripts
    /// and files are taken as written (their weights unchecked against their blocks); use
    /// `init(reading:globals:scripts:trackFiles:problems:)` to resolve them.
    public init(reading node: ConfigNode, problems: inout [String]) {
        self.init(reading: node, globals: VRRPGlobalDefaults(), scripts: nil, trackFiles: nil, problems: &problems)
    }

    /// The same with global_defs' defaults, and with the `vrrp_script` and `track_file` blocks
    /// defined before this one (keepalived resolves track_script/track_file while parsing, so
    /// a later definition is "not found"). nil: do not resolve.
    public init(
        reading node: ConfigNode, globals: VRRPGlobalDefaults, scripts: [String: VRRPScript]?,
        trackFiles: [String: VRRPTrackFile]?, problems: inout [String]
    ) {
        self.init(name: node.argument(0) ?? "")
        gratuitousDelay = globals.gratuitousDelay
        gratuitousRepeat = globals.gratuitousRepeat
        gratuitousRefresh = globals.gratuitousRefresh
        gratuitousRefreshRepeat = globals.gratuitousRefreshRepeat
        var lowerPriorityDelay: Int64?
        var lowerPriorityRepeat: Int?
        var prioritySet = false
        var stateSet = false
        var advertMicroseconds: Int64?
        var versionWord: Int?
        for child in node.children {
            let value = child.argument(0)
            switch child.keyword {
            case "state":
                switch value {
                case "MASTER":
                    initialState = .master
                    stateSet = true
                case "BACKUP":
                    stateSet = true
                    if initialState == .master {
                        problems.append("(\(name)) state previously set as MASTER - ignoring BACKUP")
                    }
                default:
                    problems.append("(\(name)) unknown state '\(value ?? "")', defaulting to BACKUP")
                    initialState = .backup
                }
            case "interface":
                interface = value
            case "virtual_router_id":
                if let vrid = value.flatMap({ UInt8($0) }), vrid >= 1 {
                    virtualRouterID = vrid
                } else {
                    problems.append("(\(name)): VRID '\(value ?? "")' not valid - must be between 1 & 255")
                }
            case "priority":
                prioritySet = true
                if let parsed = value.flatMap({ UInt8($0) }), parsed >= 1 {
                    priority = parsed
                } else {
                    problems.append("(\(name)) Priority not valid! must be between 1 & 255. Using default 100")
                    priority = 100
                }
            case "advert_int":
                if let parsed = value.flatMap(Self.microseconds), parsed >= 10_000, parsed <= 255_000_000 {
                    advertMicroseconds = parsed
                } else {
                    problems.append("(\(name)) Advert interval (\(value ?? "")) not valid! Must be > 0 - ignoring")
                }
            case "version":
                if let parsed = value.flatMap({ Int($0) }), parsed == 2 || parsed == 3 {
                    versionWord = parsed
                } else {
                    problems.append("(\(name)): Version must be either 2 or 3")
                }
            case "native_ipv6":
                nativeIPv6 = true
                family = .inet6
            case "authentication":
                readAuthentication(child, problems: &problems)
            case "virtual_ipaddress":
                for line in child.children {
                    guard let entry = readVirtualAddress(line, problems: &problems) else { continue }
                    // vrrp_data.c alloc_vrrp_vip: every VIP has the family of the first.
                    if let first = virtualIPAddresses.first, first.address.family != entry.address.family {
                        problems.append(
                            "(\(name)): address family must match VRRP instance [\(line.keyword)] - ignoring")
                        continue
                    }
                    virtualIPAddresses.append(entry)
                }
                virtualAddresses = virtualIPAddresses.map(\.address)
            case "virtual_ipaddress_excluded":
                for line in child.children {
                    if let entry = readVirtualAddress(line, problems: &problems) {
                        excludedVirtualIPAddresses.append(entry)
                    }
                }
            case "track_interface":
                for line in child.children {
                    readTrackedObject(
                        line, kind: .interface, defaults: nil, into: &trackedInterfaces, problems: &problems)
                }
            case "track_script":
                for line in child.children {
                    let known = scripts.map { table in table[line.keyword].map { ($0.weight, $0.reverse) } }
                    readTrackedObject(line, kind: .script, defaults: known, into: &trackedScripts, problems: &problems)
                }
            case "track_file":
                for line in child.children {
                    let known = trackFiles.map { table in table[line.keyword].map { ($0.weight, $0.reverse) } }
                    readTrackedObject(line, kind: .file, defaults: known, into: &trackedFiles, problems: &problems)
                }
            case "dont_track_primary":
                tracksPrimaryInterface = false
            case "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify":
                notify.read(child, owner: "(\(name))", problems: &problems)
            case "smtp_alert":
                // No mail is sent: accepted and ignored (keepalived only checks its yes/no word).
                break
            case "garp_lower_prio_delay":
                if let seconds = value.flatMap({ VRRPNumber.unsigned($0, max: 4_294) }) {
                    lowerPriorityDelay = Int64(seconds) * 1000
                } else {
                    problems.append("(\(name)): garp_lower_prio_delay '\(value ?? "")' invalid - ignoring")
                }
            case "garp_lower_prio_repeat":
                if let count = value.flatMap({ VRRPNumber.unsigned($0, max: Int(Int32.max)) }) {
                    lowerPriorityRepeat = count
                } else {
                    problems.append("(\(name)): Invalid garp_lower_prio_repeat '\(value ?? "")'")
                }
            case "unicast_src_ip":
                unicastSourceAddress = value.flatMap(Self.address)
            case "unicast_peer":
                unicastPeers = child.children.compactMap { Self.address($0.keyword) }
            case "nopreempt":
                preempt = false
            case "preempt":
                preempt = true
            case "preempt_delay":
                if let parsed = value.flatMap(Self.microseconds), parsed <= 1_000_000_000 {
                    preemptDelay = parsed / 1000
                } else {
                    problems.append("(\(name)) Preempt_delay not valid! must be between 0-1000")
                    preemptDelay = 0
                }
            // keepalived reads these as unsigned seconds bounded by its microsecond timers
            // (UINT_MAX / 1,000,000) and unsigned counts.
            case "garp_master_delay":
                if let seconds = value.flatMap({ UInt32($0) }), seconds <= 4294 {
                    gratuitousDelay = Int64(seconds) * 1000
                }
            case "garp_master_repeat":
                if let count = value.flatMap({ UInt32($0) }) { gratuitousRepeat = Int(count) }
            case "garp_master_refresh":
                if let seconds = value.flatMap({ UInt32($0) }), seconds <= 4294 {
                    gratuitousRefresh = Int64(seconds) * 1000
                }
            case "garp_master_refresh_repeat":
                if let count = value.flatMap({ UInt32($0) }) { gratuitousRefreshRepeat = Int(count) }
            default:
                break
            }
        }
        // The family follows the addresses (keepalived takes it from the first VIP).
        if let first = virtualAddresses.first { family = first.family }
        if family == .inet6 {
            if versionWord == 2 { problems.append("(\(name)) vrrp_version 2 conflicts with IPv6; using 3") }
            version = .v3
        } else if let versionWord {
            version = versionWord == 3 ? .v3 : .v2
        } else {
            version = globals.version
        }
        // vrrp.c vrrp_complete_instance: no priority and state MASTER make the address owner;
        // priority 255 and no state start as MASTER.
        if !prioritySet && initialState == .master { priority = 255 }
        if !stateSet && priority == 255 { initialState = .master }
        lowerPriorityGratuitousDelay = lowerPriorityDelay ?? globals.effectiveLowerPriorityGratuitousDelay
        lowerPriorityGratuitousRepeat = lowerPriorityRepeat ?? globals.effectiveLowerPriorityGratuitousRepeat
        advertisementInterval = Self.roundedInterval(advertMicroseconds ?? 1_000_000, version: version)
    }

    mutating func readAuthentication(_ block: ConfigNode, problems: inout [String]) {
        var type: String?
        var password = ""
        for line in block.children {
            switch line.keyword {
            case "auth_type": type = line.argument(0)
            case "auth_pass":
                password = line.argument(0) ?? ""
                if password.utf8.count > 8 { problems.append("Truncating auth_pass to 8 characters") }
            default: break
            }
        }
        switch type {
        case "PASS": authentication = .password(text: password)
        case nil: break
        default:
            // AH is not offered: its adverts are IPsec packets this codec does not read.
            problems.append("(\(name)) unknown authentication type '\(type ?? "")'")
        }
    }

    /// keepalived's rounding: v2 to whole seconds (1...255), v3 to centiseconds (1...4095).
    static func roundedInterval(_ microseconds: Int64, version: VRRPVersion) -> Int {
        switch version {
        case .v2:
            let seconds = min(255, max(1, (microseconds + 500_000) / 1_000_000))
            return Int(seconds) * 100
        case .v3:
            return Int(min(4095, max(1, (microseconds + 5000) / 10_000)))
        }
    }

    /// A decimal number of seconds ("1", "0.5", "2.25") in microseconds, as keepalived's
    /// read_decimal_unsigned_strvec reads it (at most 6 decimals).
    static func microseconds(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0]), whole >= 0, whole < 1_000_000_000 else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 6, let value = Int64(digits), value >= 0 else { return nil }
            fraction = value
            for _ in digits.count..<6 { fraction *= 10 }
        }
        return whole * 1_000_000 + fraction
    }

    /// `198.18.0.1/24` or `2001:db8::1`: the address without its prefix length.
    static func address(_ word: String) -> InetAddress? {
        InetAddress(String(word.split(separator: "/").first ?? ""))
    }
}
