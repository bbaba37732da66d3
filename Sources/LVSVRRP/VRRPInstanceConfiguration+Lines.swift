import LVSKeepalived
import LVSVocabulary

/// The lines of a vrrp_instance's value blocks: addresses and tracked objects, with keepalived
/// 2.2.7's messages (vrrp_ipaddress.c alloc_ipaddress, vrrp_track.c alloc_track_if /
/// alloc_track_script, trackers/track_file.c vrrp_alloc_track_file).
extension VRRPInstanceConfiguration {
    /// The options of an address line that take a value, and those that stand alone.
    static let addressOptionsWithValue: Set<String> = ["brd", "broadcast", "scope", "peer", "preferred_lft"]
    static let addressFlags: Set<String> = [
        "home", "-nodad", "mngtmpaddr", "noprefixroute", "autojoin", "no_track", "use_vmac",
    ]

    /// `ADDRESS[/PREFIX] [dev IF] [label L] ...`; nil (reported) when keepalived drops the line.
    func readVirtualAddress(_ line: ConfigNode, problems: inout [String]) -> VRRPVirtualAddress? {
        let words = line.words
        let text = words[0]
        let isV6 = text.contains(":")
        let fullLength = isV6 ? 128 : 32
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        var prefixLength = fullLength
        if parts.count == 2 {
            if let parsed = VRRPNumber.unsigned(String(parts[1]), max: fullLength) {
                prefixLength = parsed
            } else {
                problems.append("Invalid address prefix len \(parts[1]) for address \(text) - using \(fullLength)")
            }
        }
        guard let address = InetAddress(String(parts[0])), address.family == (isV6 ? .inet6 : .inet) else {
            problems.append("VRRP parsed invalid IP \(text). skipping IP...")
            return nil
        }
        var entry = VRRPVirtualAddress(address: address, prefixLength: prefixLength)
        var index = 1
        while index < words.count {
            let word = words[index]
            let hasValue = index + 1 < words.count
            switch word {
            case "dev", "label":
                guard hasValue else {
                    problems.append("No \(word) parameter specified for \(text)")
                    return entry
                }
                index += 1
                if word == "dev" {
                    if entry.device != nil {
                        problems.append("Cannot specify ipaddress device more than once for \(text)")
                        return nil
                    }
                    entry.device = words[index]
                } else {
                    if words[index].utf8.count > 15 {
                        problems.append(
                            "Address label \(words[index]) is longer than maximum length 15 - removing address")
                        return nil
                    }
                    entry.label = words[index]
                }
            case let option where Self.addressOptionsWithValue.contains(option):
                guard hasValue else {
                    problems.append("No \(word) parameter specified for \(text)")
                    return entry
                }
                index += 1
            case let flag where Self.addressFlags.contains(flag):
                break
            default:
                problems.append("Unknown configuration entry '\(word)' for ip address - ignoring")
            }
            index += 1
        }
        if isV6, entry.label != nil {
            problems.append("Cannot specify label for IPv6 addresses (\(text)) - ignoring label")
            entry.label = nil
        }
        return entry
    }

    enum TrackedKind {
        case interface, script, file
    }

    /// One `NAME [weight W [reverse|noreverse]]` line. `defaults`: nil when the referenced
    /// blocks are not known (nothing checked); `.some(nil)` when the name is not defined.
    func readTrackedObject(
        _ line: ConfigNode, kind: TrackedKind, defaults: (weight: Int, reverse: Bool)??,
        into list: inout [VRRPTrackedObject], problems: inout [String]
    ) {
        let owner = "(\(name))"
        let tracked = line.keyword
        let words = line.words
        var weight = 0
        var reverse = false
        switch defaults {
        case .some(.none):
            let what = kind == .script ? "track script" : "track file"
            problems.append("\(owner) \(what) \(tracked) not found, ignoring...")
            return
        case .some(.some(let known)):
            weight = known.weight
            reverse = known.reverse
        case .none:
            break
        }
        guard !list.contains(where: { $0.name == tracked }) else {
            let what = ["interface": "track_interface", "script": "track_script", "file": "track_file"]
            problems.append("\(owner) duplicate \(what["\(kind)"] ?? "") \(tracked) - ignoring")
            return
        }
        if words.count >= 2 {
            guard words[1] == "weight" else {
                switch kind {
                case .interface:
                    problems.append("\(owner) unknown track_interface \(tracked) option \(words[1]) - ignoring")
                case .script: problems.append("\(owner) unknown track script option \(words[1]) - ignoring")
                case .file: problems.append("\(owner) unknown track file option \(words[1]) - ignoring")
                }
                return
            }
            guard words.count >= 3 else {
                let what = ["interface": "track_interface", "script": "track script", "file": "track file"]
                problems.append(
                    "\(owner) weight without value specified for \(what["\(kind)"] ?? "") \(tracked) - ignoring")
                return
            }
            if let parsed = VRRPNumber.integer(words[2], in: -254...254) {
                weight = parsed
                // keepalived still takes +/-254 for scripts and interfaces, as +/-253.
                if kind != .file, abs(parsed) == 254 {
                    problems.append("\(owner) weight for \(tracked) cannot be +/-254. Setting to +/-253")
                    weight = parsed < 0 ? -253 : 253
                }
            } else {
                switch kind {
                case .interface:
                    problems.append(
                        "\(owner) weight \(words[2]) for \(tracked) must be between [-253..253] inclusive. Ignoring...")
                    weight = 0
                case .script:
                    problems.append(
                        "\(owner) track script \(tracked): weight must be between [-253..253] inclusive, ignoring...")
                case .file:
                    problems.append(
                        "\(owner) weight for track file \(tracked) must be in [-254..254] inclusive. Ignoring...")
                }
            }
            if words.count >= 4 {
                if words[3] == "reverse" {
                    reverse = true
                } else if words[3] == "noreverse" && kind != .interface {
                    reverse = false
                } else {
                    switch kind {
                    case .interface:
                        // keepalived's own spelling.
                        problems.append(
                            "\(owner) unknown track_interace \(tracked) weight option \(words[3]) - ignoring")
                    case .script:
                        problems.append(
                            "\(owner) unknown track_script \(tracked) weight option \(words[3]) - ignoring")
                    case .file:
                        problems.append(
                            "\(owner) unknown track file \(tracked) weight option \(words[3]) - ignoring")
                        return
                    }
                }
            }
        }
        list.append(VRRPTrackedObject(name: tracked, weight: weight, reverse: reverse))
    }
}
