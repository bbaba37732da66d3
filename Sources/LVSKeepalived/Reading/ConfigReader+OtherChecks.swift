/// UDP_CHECK, DNS_CHECK, MISC_CHECK, SMTP_CHECK and FILE_CHECK (keepalived/check/check_*.c).
extension ConfigReader {
    func readUDPCheck(_ block: ConfigNode) -> CheckerDraft? {
        var check = UDPCheck()
        var checker = CheckerDraft(kind: .udp(check), location: block.location)
        for node in block.children where !readCommonKeyword(node, into: &checker) {
            let at = node.location
            switch node.keyword {
            case "payload":
                guard !node.arguments.isEmpty else {
                    log.error("UDP_CHECK payload requires a payload", at: at)
                    continue
                }
                guard let bytes = HexString.bytes(node.arguments, wildcards: false) else {
                    log.error("Invalid hex string for UDP_CHECK payload", at: at)
                    continue
                }
                check.payload = bytes
            case "require_reply":
                check.requireReply = true
                guard !node.arguments.isEmpty else { continue }
                guard let pattern = HexString.pattern(node.arguments) else {
                    log.error("Invalid hex string for UDP_CHECK reply", at: at)
                    continue
                }
                check.replyPattern = pattern
            case "min_reply_length", "max_reply_length":
                guard let text = argument(node, 0) else { continue }
                guard let value = readUnsigned(text, min: 0, max: 65535, at: at) else {
                    let which = node.keyword == "min_reply_length" ? "min" : "max"
                    log.error("UDP_CHECK \(which) length \(text) not valid - must be between 0 & 65535", at: at)
                    continue
                }
                if node.keyword == "min_reply_length" {
                    check.minReplyLength = UInt16(value)
                } else {
                    check.maxReplyLength = UInt16(value)
                }
            default:
                unknownKeyword(node)
            }
        }
        checker.kind = .udp(check)
        guard checkConnection(checker) else { return nil }
        if check.minReplyLength > check.maxReplyLength {
            log.warning(
                "UDP_CHECK min_reply length \(check.minReplyLength) > max_reply_length "
                    + "\(check.maxReplyLength) - will always fail", at: block.location)
        }
        return checker
    }

    func readDNSCheck(_ block: ConfigNode) -> CheckerDraft? {
        var check = DNSCheck()
        var checker = CheckerDraft(kind: .dns(check), location: block.location)
        var nameSet = false
        for node in block.children where !readCommonKeyword(node, into: &checker) {
            let at = node.location
            switch node.keyword {
            case "type":
                guard let word = argument(node, 0) else { continue }
                guard let type = DNSCheck.queryTypes.first(where: { $0 == word.uppercased() }) else {
                    log.error("Unknown DNS check type \(word) - ignoring", at: at)
                    continue
                }
                check.queryType = type
            case "name":
                guard let name = argument(node, 0) else { continue }
                guard !nameSet else {
                    log.error("DNS_CHECK name already specified - ignoring", at: at)
                    continue
                }
                guard !(name.hasPrefix(".") && name != ".") && !name.contains("..") else {
                    log.error("DNS_CHECK name '\(name)' has empty label - ignoring", at: at)
                    continue
                }
                check.name = name
                nameSet = true
            default:
                unknownKeyword(node)
            }
        }
        checker.kind = .dns(check)
        return checkConnection(checker) ? checker : nil
    }

    func readMiscCheck(_ block: ConfigNode) -> CheckerDraft? {
        var check = MiscCheck(command: "")
        var checker = CheckerDraft(kind: .misc(check), location: block.location)
        for node in block.children where !readCommonKeyword(node, into: &checker) {
            let at = node.location
            switch node.keyword {
            case "misc_path":
                guard !scriptHasUnmatchedQuote(node) else { continue }
                check.command = joinedArguments(node)
            case "misc_timeout":
                guard let text = argument(node, 0) else { continue }
                guard let value = readUnsigned(text, min: 0, max: UInt32.max / 1_000_000, at: at) else {
                    log.error("Invalid misc_timeout value '\(text)'", at: at)
                    continue
                }
                check.timeout = value
            case "misc_dynamic":
                check.dynamic = true
            case "user":
                guard let user = node.argument(0) else {
                    log.error("No user specified for misc checker script \(check.command)", at: at)
                    continue
                }
                check.user = user
                check.group = node.argument(1)
            default:
                unknownKeyword(node)
            }
        }
        guard !check.command.isEmpty else {
            log.error(
                "No script path has been specified for MISC_CHECKER - skipping",
                at: block.endLocation ?? block.location)
            return nil
        }
        checker.kind = .misc(check)
        return checker
    }

    /// SMTP_CHECK; each deprecated `host { }` becomes a checker of its own, as keepalived does.
    func readSMTPCheck(_ block: ConfigNode) -> [CheckerDraft] {
        var check = SMTPCheck()
        var checker = CheckerDraft(kind: .smtp(check), location: block.location)
        var hosts: [CheckerDraft] = []
        for node in block.children where !readCommonKeyword(node, into: &checker) {
            switch node.keyword {
            case "helo_name":
                guard let name = node.argument(0) else {
                    log.error("SMTP_CHECK helo name missing", at: node.location)
                    continue
                }
                check.heloName = name
            case "host":
                guard requireBlock(node) else { continue }
                var host = CheckerDraft(kind: .smtp(check), location: node.location)
                for setting in node.children {
                    let isConnection = [
                        "connect_ip", "connect_port", "bindto", "bind_port", "bind_if",
                        "connect_timeout", "fwmark",
                    ].contains(setting.keyword)
                    if !isConnection || !readCommonKeyword(setting, into: &host) {
                        unknownKeyword(setting)
                    }
                }
                if checkConnection(host) {
                    hosts.append(host)
                }
            default:
                unknownKeyword(node)
            }
        }
        if !hosts.isEmpty {
            log.note("The SMTP_CHECK host block is deprecated. Please define additional checkers.", at: block.location)
        }
        checker.kind = .smtp(check)
        guard checkConnection(checker) else { return [] }
        let configured =
            checker.connectAddress != nil || checker.connectPort != nil || checker.bindAddress != nil
            || checker.bindPort != 0 || checker.bindInterface != nil || checker.fwmark != 0
            || checker.connectTimeout != nil
        var result = configured || hosts.isEmpty ? [checker] : []
        for var host in hosts {
            // A host block takes its connection from the block and everything else from the checker.
            var copy = checker
            copy.connectAddress = host.connectAddress
            copy.connectPort = host.connectPort
            copy.bindAddress = host.bindAddress
            copy.bindPort = host.bindPort
            copy.bindInterface = host.bindInterface
            copy.fwmark = host.fwmark
            copy.connectTimeout = host.connectTimeout ?? checker.connectTimeout
            copy.location = host.location
            host = copy
            result.append(host)
        }
        return result
    }

    func readFileCheck(_ block: ConfigNode) -> CheckerDraft? {
        var check: FileCheck?
        var weight: (Int32, Bool)?
        for node in block.children {
            let at = node.location
            switch node.keyword {
            case "track_file":
                guard let name = argument(node, 0) else { continue }
                guard trackFileNames.contains(name) else {
                    log.error("track_file \(name) not found", at: at)
                    continue
                }
                check = FileCheck(trackFile: name)
            case "weight":
                guard let text = node.argument(0) else {
                    log.error("track file weight missing", at: at)
                    continue
                }
                guard let value = readInt(text, min: -Int32.max, max: Int32.max, at: at) else {
                    log.error(
                        "weight for track file must be in [\(-Int32.max)..\(Int32.max)] inclusive. Ignoring...",
                        at: at)
                    continue
                }
                var reverse = false
                if let option = node.argument(1) {
                    guard option == "reverse" || option == "noreverse" else {
                        log.error("unknown track file weight option \(option) - ignoring", at: at)
                        continue
                    }
                    reverse = option == "reverse"
                }
                weight = (value, reverse)
            default:
                unknownKeyword(node)
            }
        }
        guard var check else {
            log.error("FILE_CHECK has no track_file specified - ignoring", at: block.location)
            return nil
        }
        if let (value, reverse) = weight {
            check.weight = value
            check.reverse = reverse
        }
        return CheckerDraft(kind: .file(check), location: block.location)
    }

    /// Names of the track_file (or vrrp_track_file) blocks read so far: FILE_CHECK may only use those.
    var trackFileNames: Set<String> {
        Set(
            otherBlocks.filter { $0.keyword == "track_file" || $0.keyword == "vrrp_track_file" }
                .compactMap { $0.argument(0) })
    }
}
