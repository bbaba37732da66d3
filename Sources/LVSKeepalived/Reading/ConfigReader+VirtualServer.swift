import LVSCore
import LVSVocabulary

/// virtual_server and its keywords (keepalived/check/check_parser.c, check_data.c alloc_vs).
extension ConfigReader {
    /// keepalived's list of valid schedulers (lvs_schedulers), all of which LVSCore implements.
    static let schedulers: Set<String> = [
        "rr", "wrr", "lc", "wlc", "lblc", "sh", "mh", "dh", "fo", "ovf", "lblcr", "sed", "nq", "twos",
    ]

    func readVirtualServer(_ block: ConfigNode) {
        guard let first = argument(block, 0) else { return }
        let second = block.argument(1)
        var address: VirtualServerAddress
        switch first {
        case "group":
            guard let name = argument(block, 1) else { return }
            address = .group(name)
        case "fwmark":
            guard let text = argument(block, 1) else { return }
            guard let mark = readUnsigned(text, min: 0, max: UInt32.max, at: block.location) else {
                log.error(
                    "virtual server fwmark '\(text)' must be in [0, \(UInt32.max)] - ignoring",
                    at: block.location)
                return
            }
            address = .fwmark(mark)
        default:
            let port = Self.meaningfulPort(second)
            guard let (ip, portNumber) = readSocketAddress(first, port: port, at: block.location) else {
                let words = port.map { "/port \(first)/\($0)" } ?? " \(first)"
                log.error("Invalid virtual server IP address\(words) - skipping", at: block.location)
                return
            }
            address = .address(ip, port: portNumber)
        }
        guard requireBlock(block) else { return }
        var server = VirtualServerDraft(address: address, location: block.location)
        for node in block.children {
            readVirtualServerKeyword(node, into: &server)
        }
        finishVirtualServer(&server)
        virtualServers.append(server)
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func readVirtualServerKeyword(_ node: ConfigNode, into server: inout VirtualServerDraft) {
        let at = node.location
        switch node.keyword {
        case "ip_family":
            guard let word = argument(node, 0) else { return }
            let family: InetAddress.Family
            switch word {
            case "inet": family = .inet
            case "inet6": family = .inet6
            default:
                log.error("unknown address family \(word)", at: at)
                return
            }
            if let current = server.family, current != family {
                log.error("Virtual server specified family \(word) conflicts with server family", at: at)
                return
            }
            server.family = family
        case "retry":
            guard let text = argument(node, 0) else { return }
            guard let value = readUnsigned(text, min: 1, max: UInt32.max, at: at) else {
                log.error("retry value invalid - \(text)", at: at)
                return
            }
            server.retry = value
        case "delay_before_retry":
            guard let text = argument(node, 0) else { return }
            guard let value = readTimer(text, minMicroseconds: 0, at: at) else {
                log.error("virtual server delay before retry '\(text)' invalid - ignoring", at: at)
                return
            }
            server.delayBeforeRetry = value
        case "warmup":
            guard let text = argument(node, 0) else { return }
            guard let value = readTimer(text, minMicroseconds: 0, at: at) else {
                log.error("virtual server warmup '\(text)' invalid - ignoring", at: at)
                return
            }
            server.warmup = value
        case "connect_timeout":
            guard let text = argument(node, 0) else { return }
            guard let value = readTimer(text, minMicroseconds: 1, maxMicroseconds: UInt64(UInt32.max), at: at) else {
                log.error("virtual server connect_timeout \(text) invalid - ignoring", at: at)
                return
            }
            server.connectTimeout = value
        case "delay_loop":
            guard let text = argument(node, 0) else { return }
            guard let value = readTimer(text, minMicroseconds: 1, at: at) else {
                log.error("virtual server delay loop '\(text)' invalid - ignoring", at: at)
                return
            }
            server.delayLoop = value
        case "inhibit_on_failure":
            server.inhibitOnFailure = true
        case "lb_algo", "lvs_sched":
            guard let name = argument(node, 0) else { return }
            guard Self.schedulers.contains(name) else {
                log.error("Invalid lvs_scheduler '\(name)' - ignoring", at: at)
                return
            }
            server.scheduler = name
        case "hashed", "ops", "flag-1", "flag-2", "flag-3", "sh-port", "sh-fallback", "mh-port", "mh-fallback":
            readSchedulerFlag(node, into: &server)
        case "lb_kind", "lvs_method":
            if let forwarding = readForwarding(node, current: server.forwarding ?? .nat, serverType: "virtual") {
                server.forwarding = forwarding
            }
        case "persistence_engine":
            guard let name = argument(node, 0) else { return }
            server.persistenceEngine = name
        case "persistence_timeout":
            guard let text = node.argument(0) else {
                server.persistenceTimeout = 360
                return
            }
            guard let value = readUnsigned(text, min: 1, max: 86400 * 31, at: at) else {
                log.error("persistence_timeout invalid", at: at)
                return
            }
            server.persistenceTimeout = value
        case "persistence_granularity":
            readPersistenceGranularity(node, into: &server)
        case "protocol":
            guard let word = argument(node, 0) else { return }
            switch word.uppercased() {
            case "TCP": server.transportProtocol = .tcp
            case "UDP": server.transportProtocol = .udp
            case "SCTP": server.transportProtocol = .sctp
            default: log.error("Unknown protocol \(word) - ignoring", at: at)
            }
        case "ha_suspend":
            server.haSuspend = true
        case "smtp_alert":
            if let value = optionalBool(node, invalid: { "Invalid virtual_server smtp_alert parameter \($0)" }) {
                server.smtpAlert = value
            }
        case "virtualhost":
            guard let name = node.argument(0) else {
                log.error("virtual server virtualhost missing", at: at)
                return
            }
            server.virtualhost = name
        case "snmp_name":
            guard node.arguments.count == 1 else {
                log.error("virtual server snmp_name missing or extra parameters", at: at)
                return
            }
            server.snmpName = node.arguments[0]
        case "alpha":
            server.alpha = true
        case "omega":
            server.omega = true
        case "quorum_up", "quorum_down":
            readQuorumScript(node, into: &server)
        case "quorum":
            guard let text = argument(node, 0) else { return }
            guard let value = readUnsigned(text, min: 1, max: UInt32.max, at: at) else {
                log.error("Quorum \(text) must be in [1, \(UInt32.max)]. Setting to 1.", at: at)
                server.quorum = 1
                return
            }
            server.quorum = value
        case "hysteresis":
            guard let text = argument(node, 0) else { return }
            guard let value = readUnsigned(text, min: 0, max: UInt32.max, at: at) else {
                log.error("Hysteresis \(text) must be in [0, \(UInt32.max)] - ignoring", at: at)
                return
            }
            server.hysteresis = value
        case "weight":
            guard let text = argument(node, 0) else { return }
            guard let value = readUnsigned(text, min: 1, max: UInt32(Int32.max), at: at) else {
                log.error("Virtual server weight \(text) is outside range 1-\(Int32.max)", at: at)
                return
            }
            server.weight = value
        case "sorry_server":
            readSorryServer(node, into: &server)
        case "sorry_server_inhibit":
            guard server.sorryServer != nil else {
                log.error("Ignoring sorry_server inhibit used before or without sorry_server", at: at)
                return
            }
            server.sorryServer?.inhibitOnFailure = true
        case "sorry_server_lvs_method":
            guard let sorry = server.sorryServer else {
                log.error("sorry_server forwarding used without sorry_server", at: at)
                return
            }
            let current = sorry.forwarding ?? server.forwarding ?? .nat
            if let forwarding = readForwarding(node, current: current, serverType: "sorry") {
                server.sorryServer?.forwarding = forwarding
            }
        case "real_server":
            readRealServer(node, into: &server)
        default:
            unknownKeyword(node)
        }
    }

    /// ops, flag-N, and sh-/mh- flags, which keepalived only accepts after lvs_sched sh or mh.
    private func readSchedulerFlag(_ node: ConfigNode, into server: inout VirtualServerDraft) {
        switch node.keyword {
        case "ops": server.flags.insert(.onePacket)
        case "flag-1": server.flags.insert(.schedFlag1)
        case "flag-2": server.flags.insert(.schedFlag2)
        case "flag-3": server.flags.insert(.schedFlag3)
        default:
            if server.scheduler == "sh" || server.scheduler == "mh" {
                let prefix = server.scheduler ?? ""
                if node.keyword == "\(prefix)-port" {
                    server.flags.insert(.shPort)
                } else if node.keyword == "\(prefix)-fallback" {
                    server.flags.insert(.shFallback)
                }
            } else {
                log.error("\(node.keyword) only applies to sh scheduler - ignoring", at: node.location)
            }
        }
    }

    private func readPersistenceGranularity(_ node: ConfigNode, into server: inout VirtualServerDraft) {
        guard let text = argument(node, 0) else { return }
        let family = server.family ?? (text.contains(".") ? .inet : .inet6)
        if family == .inet6 {
            guard let length = readUnsigned(text, min: 1, max: 128, at: node.location) else {
                log.error("Invalid IPv6 persistence_granularity specified - \(text)", at: node.location)
                return
            }
            server.persistenceGranularity = .prefixLength(UInt8(length))
        } else {
            guard let mask = InetAddress.parseV4(text) else {
                log.error("Invalid IPv4 persistence_granularity specified - \(text)", at: node.location)
                return
            }
            server.persistenceGranularity = .netmask(InetAddress(v4: mask))
        }
        server.family = server.family ?? family
        if server.persistenceTimeout == 0 {
            server.persistenceTimeout = 360
        }
    }

    private func readQuorumScript(_ node: ConfigNode, into server: inout VirtualServerDraft) {
        let isUp = node.keyword == "quorum_up"
        guard let script = readNotifyScript(node) else { return }
        if (isUp ? server.quorumUp : server.quorumDown) != nil {
            log.error(
                "(\(server.address)) \(node.keyword) script already specified - ignoring \(script.command)",
                at: node.location)
            return
        }
        if isUp {
            server.quorumUp = script
        } else {
            server.quorumDown = script
        }
    }

    func readNotifyScript(_ node: ConfigNode) -> NotifyScript? {
        guard !scriptHasUnmatchedQuote(node), let command = argument(node, 0) else { return nil }
        return NotifyScript(command: command, user: node.argument(1), group: node.argument(2))
    }

    private func readSorryServer(_ node: ConfigNode, into server: inout VirtualServerDraft) {
        guard let text = argument(node, 0) else { return }
        guard let (ip, port) = readSocketAddress(text, port: node.argument(1), at: node.location) else {
            log.error("Invalid sorry server IP address \(text) - skipping", at: node.location)
            return
        }
        server.sorryServer = SorryServerDraft(address: ip, port: port, forwarding: server.forwarding)
    }

    /// vs_end_handler: the family of a virtual server without an address comes from its servers.
    private func finishVirtualServer(_ server: inout VirtualServerDraft) {
        if let sorry = server.sorryServer, (sorry.forwarding ?? server.forwarding)?.method != .tunnel {
            if server.family == nil {
                server.family = sorry.address.family
            } else if server.family != sorry.address.family {
                log.error(
                    "Address family of virtual server and sorry server \(sorry.address) don't match - "
                        + "skipping sorry server.", at: server.location)
                server.sorryServer = nil
            }
        }
        if server.family == nil, case .fwmark = server.address {
            let families = Set(
                server.realServers.map(\.address.family)
                    + (server.sorryServer.map { [$0.address.family] } ?? []))
            server.family = families.count == 1 ? families.first : .inet
        }
    }
}
