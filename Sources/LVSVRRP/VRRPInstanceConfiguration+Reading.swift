import LVSKeepalived
import LVSVocabulary
import LVSWire

extension VRRPInstanceConfiguration {
    /// Reads a `vrrp_instance NAME { ... }` block as keepalived does: a bad value is reported in
    /// `problems` (keepalived's words where it has them) and the default kept; keywords outside
    /// this type's scope (track_*, notify_*, use_vmac, ...) are left for later readers.
    public init(reading node: ConfigNode, problems: inout [String]) {
        self.init(name: node.argument(0) ?? "")
        var advertMicroseconds: Int64?
        var versionWord: Int?
        for child in node.children {
            let value = child.argument(0)
            switch child.keyword {
            case "state":
                switch value {
                case "MASTER": initialState = .master
                case "BACKUP":
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
                virtualAddresses = child.children.compactMap { Self.address($0.keyword) }
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
        }
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
