import LVSVocabulary

/// real_server and its keywords (check_parser.c rs_* handlers, check_data.c alloc_rs).
extension ConfigReader {
    func readRealServer(_ block: ConfigNode, into server: inout VirtualServerDraft) {
        guard let text = argument(block, 0) else { return }
        let portText = block.argument(1)
        guard let (ip, port) = readSocketAddress(text, port: portText, at: block.location) else {
            log.error(
                "Invalid real server ip address/port \(text)/\(portText ?? "(null)") - skipping",
                at: block.location)
            return
        }
        guard requireBlock(block) else { return }
        var realServer = RealServerDraft(address: ip, port: port, location: block.location)
        for node in block.children {
            readRealServerKeyword(node, into: &realServer, of: server)
        }
        // rs_end_handler: servers not tunnelled must share the virtual server's family.
        let method = (realServer.forwarding ?? server.forwarding)?.method
        if method != .tunnel {
            if server.family == nil {
                server.family = ip.family
            } else if server.family != ip.family {
                log.error(
                    "Address family of virtual server and real server \(ip) don't match - skipping real server.",
                    at: block.endLocation ?? block.location)
                return
            }
        }
        server.realServers.append(realServer)
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func readRealServerKeyword(
        _ node: ConfigNode, into server: inout RealServerDraft,
        of virtualServer: VirtualServerDraft
    ) {
        let at = node.location
        switch node.keyword {
        case "weight":
            guard let text = argument(node, 0) else { return }
            guard let value = readUnsigned(text, min: 0, max: UInt32(Int32.max), at: at) else {
                log.error("Real server weight \(text) is outside range 0-\(Int32.max)", at: at)
                return
            }
            server.weight = value
        case "lvs_method":
            let current = server.forwarding ?? virtualServer.forwarding ?? .nat
            if let forwarding = readForwarding(node, current: current, serverType: "real") {
                server.forwarding = forwarding
            }
        case "uthreshold", "lthreshold":
            guard let text = argument(node, 0) else { return }
            guard let value = readUnsigned(text, min: 0, max: UInt32.max, at: at) else {
                log.error("Invalid real_server \(node.keyword) '\(text)' - ignoring", at: at)
                return
            }
            if node.keyword == "uthreshold" {
                server.upperThreshold = value
            } else {
                server.lowerThreshold = value
            }
        case "inhibit_on_failure":
            if let value = optionalBool(node, invalid: { "Invalid inhibit_on_failure parameter \($0)" }) {
                server.inhibitOnFailure = value
            }
        case "notify_up", "notify_down":
            guard let script = readNotifyScript(node) else { return }
            let isUp = node.keyword == "notify_up"
            if (isUp ? server.notifyUp : server.notifyDown) != nil {
                log.error(
                    "(\(virtualServer.address)) \(node.keyword) script already specified - ignoring "
                        + script.command, at: at)
                return
            }
            if isUp {
                server.notifyUp = script
            } else {
                server.notifyDown = script
            }
        case "alpha":
            if let value = optionalBool(node, invalid: { "Invalid alpha parameter \($0)" }) {
                server.alpha = value
            }
        case "retry":
            guard let text = argument(node, 0) else { return }
            guard let value = readUnsigned(text, min: 1, max: UInt32.max, at: at) else {
                log.error("retry value invalid - \(text)", at: at)
                return
            }
            server.retry = value
        case "delay_before_retry", "warmup", "delay_loop", "connect_timeout":
            readRealServerTimer(node, into: &server)
        case "smtp_alert":
            if let value = optionalBool(node, invalid: { "Invalid real_server smtp_alert parameter \($0)" }) {
                server.smtpAlert = value
            }
        case "virtualhost":
            guard let name = node.argument(0) else {
                log.error("real server virtualhost missing", at: at)
                return
            }
            server.virtualhost = name
        case "snmp_name":
            guard node.arguments.count == 1 else {
                log.error("real server snmp_name missing or extra parameters", at: at)
                return
            }
            server.snmpName = node.arguments[0]
        case let keyword where Self.checkerKeywords.contains(keyword):
            server.checkers.append(contentsOf: readChecker(node, realServer: server))
        default:
            unknownKeyword(node)
        }
    }

    private func readRealServerTimer(_ node: ConfigNode, into server: inout RealServerDraft) {
        guard let text = argument(node, 0) else { return }
        let at = node.location
        switch node.keyword {
        case "connect_timeout":
            guard let value = readTimer(text, minMicroseconds: 1, maxMicroseconds: UInt64(UInt32.max), at: at) else {
                log.error("real server connect_timeout \(text) invalid - ignoring", at: at)
                return
            }
            server.connectTimeout = value
        case "delay_loop":
            guard let value = readTimer(text, minMicroseconds: 1, at: at) else {
                log.error("real server delay_loop '\(text)' invalid - ignoring", at: at)
                return
            }
            server.delayLoop = value
        case "warmup":
            guard let value = readTimer(text, minMicroseconds: 0, at: at) else {
                log.error("real server warmup '\(text)' invalid - ignoring", at: at)
                return
            }
            server.warmup = value
        default:
            guard let value = readTimer(text, minMicroseconds: 0, at: at) else {
                log.error("real server delay_before_retry '\(text)' invalid - ignoring", at: at)
                return
            }
            server.delayBeforeRetry = value
        }
    }
}
