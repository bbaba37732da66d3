import LVSCore

/// global_defs and SSL (keepalived/core/global_parser.c, keepalived/check/check_parser.c).
extension ConfigReader {
    func readGlobalDefinitions(_ block: ConfigNode) {
        guard requireBlock(block) else { return }
        for node in block.children {
            switch node.keyword {
            case "router_id":
                guard let name = node.argument(0) else {
                    log.error("routerid name missing - ignoring", at: node.location)
                    continue
                }
                globalDefinitions.routerID = name
            case "script_user":
                guard let user = node.argument(0) else {
                    log.error("No script username specified", at: node.location)
                    continue
                }
                globalDefinitions.scriptUser = user
                globalDefinitions.scriptGroup = node.argument(1)
            case "enable_script_security":
                globalDefinitions.enableScriptSecurity = true
            case "lvs_timeouts":
                readLVSTimeouts(node)
            case "smtp_alert", "smtp_alert_checker":
                let value = optionalBool(node) { "Invalid value '\($0)' for global \(node.keyword) specified" }
                if node.keyword == "smtp_alert" {
                    globalDefinitions.smtpAlert = value ?? globalDefinitions.smtpAlert
                } else {
                    globalDefinitions.smtpAlertChecker = value ?? globalDefinitions.smtpAlertChecker
                }
            case let keyword where GlobalKeywords.all.contains(keyword):
                globalDefinitions.otherSettings.append(node)
            default:
                unknownKeyword(node)
            }
        }
    }

    /// `lvs_timeouts [tcp N] [tcpfin N] [udp N]`, each at most 31 days (LVS_MAX_TIMEOUT).
    private func readLVSTimeouts(_ node: ConfigNode) {
        guard node.arguments.count >= 2 else {
            log.error("lvs_timeouts requires at least one option", at: node.location)
            return
        }
        var timeouts = globalDefinitions.lvsTimeouts ?? IPVSTimeouts(tcp: 0, tcpFin: 0, udp: 0)
        var i = 0
        let words = node.arguments
        while i < words.count {
            let option = words[i]
            guard ["tcp", "tcpfin", "udp"].contains(option) else {
                log.error("Unknown option \(option) specified for lvs_timeouts", at: node.location)
                i += 1
                continue
            }
            guard i + 1 < words.count else {
                log.error("No value specified for lvs_timeout \(option) - ignoring", at: node.location)
                i += 1
                continue
            }
            if let value = readUnsigned(words[i + 1], min: 0, max: 86400 * 31, at: node.location) {
                switch option {
                case "tcp": timeouts.tcp = value
                case "tcpfin": timeouts.tcpFin = value
                default: timeouts.udp = value
                }
            } else {
                log.error("Invalid lvs_timeout \(option) (\(words[i + 1])) - ignoring", at: node.location)
            }
            i += 2
        }
        globalDefinitions.lvsTimeouts = timeouts
    }

    func readSSL(_ block: ConfigNode) {
        if ssl != nil {
            log.warning("SSL context already specified - replacing", at: block.location)
        }
        var context = SSLContext()
        guard requireBlock(block) else { return }
        for node in block.children {
            guard ["password", "ca", "certificate", "key"].contains(node.keyword) else {
                unknownKeyword(node)
                continue
            }
            let type =
                ["password": "password", "ca": "cafile", "certificate": "certfile", "key": "keyfile"][
                    node.keyword] ?? node.keyword
            guard let value = node.argument(0) else {
                log.error("SSL \(type) missing", at: node.location)
                continue
            }
            switch node.keyword {
            case "password": context.password = value
            case "ca": context.caFile = value
            case "certificate": context.certificateFile = value
            default: context.keyFile = value
            }
        }
        ssl = context
    }
}
