import LVSCore
import LVSVocabulary

/// keepalived's validate_check_config (check_data.c): drops virtual servers without real servers,
/// applies the defaults it announces, and resolves inheritance virtual server -> real server -> checker.
struct ConfigurationResolver {
    var log: DiagnosticLog
    let global: GlobalDefinitions
    let groups: [VirtualServerGroup]
    /// The port checks of one virtual server: keepalived makes them after the quorum checks, so
    /// they are reported after those although the ports are resolved first.
    private var portLog = DiagnosticLog()

    init(log: DiagnosticLog, global: GlobalDefinitions, groups: [VirtualServerGroup]) {
        self.log = log
        self.global = global
        self.groups = groups
    }

    mutating func resolve(_ drafts: [VirtualServerDraft]) -> [VirtualServer] {
        drafts.compactMap { resolve($0) }
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private mutating func resolve(_ draft: VirtualServerDraft) -> VirtualServer? {
        let at = draft.location
        var name = VirtualServer.displayName(draft.address, draft.transportProtocol)
        var group: VirtualServerGroup?
        if case .group(let groupName) = draft.address {
            group = groups.first { $0.name == groupName }
            if group == nil {
                // keepalived finds this out when it starts the checkers: `-t` says nothing.
                log.startup(
                    "Virtual server group \(groupName) specified but not configured - ignoring virtual server "
                        + name, at: at)
                return nil
            }
        }
        guard !draft.realServers.isEmpty else {
            log.warning("Virtual server \(name) has no real servers - ignoring", at: at)
            return nil
        }
        var haSuspend = draft.haSuspend
        let usesFwmark: Bool = {
            if case .fwmark = draft.address { return true }
            return !(group?.fwmarks.isEmpty ?? true)
        }()
        let hasAddresses: Bool = {
            if case .address = draft.address { return true }
            return !(group?.addressRanges.isEmpty ?? true)
        }()
        if haSuspend && usesFwmark {
            log.warning("Virtual server \(name): cannot use ha_suspend with fwmarks - clearing ha_suspend", at: at)
            haSuspend = false
        }
        var proto = draft.transportProtocol
        var flags = draft.flags
        var persistence = draft.persistenceTimeout
        if hasAddresses {
            if proto == nil {
                log.warning("Virtual server \(name): no protocol set - defaulting to UDP", at: at)
                proto = .udp
                name = VirtualServer.displayName(draft.address, proto)
            }
            if flags.contains(.onePacket) && proto != .udp {
                log.warning("Virtual server \(name): one packet scheduling requires UDP - resetting", at: at)
                flags.remove(.onePacket)
            }
            if case .address(_, 0) = draft.address, persistence == 0 {
                log.warning("Virtual server \(name): zero port only valid for persistent services - setting", at: at)
                persistence = 360
            }
        }
        if persistence == 0, let group,
            group.addressRanges.contains(where: { entry in
                if case .addressRange(_, _, 0) = entry { return true }
                return false
            })
        {
            log.warning("Virtual server \(name): zero port only valid for persistent services - setting", at: at)
            persistence = 360
        }
        if proto != nil && usesFwmark && !hasAddresses {
            log.warning(
                "Warning: Virtual server \(name): protocol specified for fwmark - protocol will be ignored",
                at: at)
            proto = nil
        }
        var scheduler = draft.scheduler ?? ""
        if scheduler.isEmpty {
            log.warning("Virtual server \(name): no scheduler set, setting default 'wlc'", at: at)
            scheduler = "wlc"
        }
        let smtpAlert = draft.smtpAlert ?? global.smtpAlertChecker ?? global.smtpAlert ?? false
        var forwarding = draft.forwarding
        var realServers: [RealServer] = []
        var seen: Set<DestinationKey> = []
        var weightSum: UInt64 = 0
        for rsDraft in draft.realServers {
            let key = DestinationKey(address: rsDraft.address, port: rsDraft.port)
            guard seen.insert(key).inserted else {
                let rsName = VirtualServer.displayName(.address(rsDraft.address, port: rsDraft.port), proto)
                log.warning(
                    "VS \(name): real server \(rsName) is duplicated - removing second rs",
                    at: rsDraft.location)
                continue
            }
            if rsDraft.forwarding == nil && forwarding == nil {
                log.warning("Virtual server \(name): no forwarding method set, setting default NAT", at: at)
                forwarding = .nat
            }
            var effective = rsDraft
            effective.forwarding = rsDraft.forwarding ?? forwarding ?? .nat
            // The table's port first. Checkers connect to the port as written, as keepalived's do
            // (the oracle's fwmark DR servers are checked on 80 while the table says 0); a server
            // written without a port is checked on the table's port, not on port 0 as keepalived would.
            effective.port = realServerPort(effective, of: draft, name: name, proto: proto)
            let realServer = resolve(
                effective, of: draft, forwarding: effective.forwarding ?? .nat,
                checkedPort: rsDraft.port != 0 ? rsDraft.port : effective.port)
            weightSum += UInt64(realServer.weight)
            realServers.append(realServer)
        }
        var sorry: SorryServer?
        if let sorryDraft = draft.sorryServer {
            if sorryDraft.forwarding == nil && forwarding == nil {
                log.warning("Virtual server \(name): no forwarding method set, setting default NAT", at: at)
                forwarding = .nat
            }
            var server = SorryServer(
                address: sorryDraft.address, port: sorryDraft.port,
                forwarding: sorryDraft.forwarding ?? forwarding ?? .nat,
                inhibitOnFailure: sorryDraft.inhibitOnFailure)
            if server.forwarding.method != .masquerade {
                if usesFwmark && !hasAddresses {
                    if server.port != 0 {
                        portLog.warning(
                            "WARNING - virtual server \(name), sorry server has port specified - clearing",
                            at: at)
                    }
                    server.port = 0
                } else if case .address(_, let port) = draft.address {
                    if server.port != 0 && server.port != port {
                        portLog.warning(
                            "WARNING - virtual server \(name) and sorry server ports don't match - resetting", at: at)
                    }
                    server.port = port
                }
            } else if server.port == 0, case .address(_, let port) = draft.address {
                server.port = port
            }
            if let match = realServers.first(where: { $0.address == server.address && $0.port == server.port }),
                match.inhibitOnFailure != server.inhibitOnFailure
            {
                let action = match.inhibitOnFailure ? "sett" : "clear"
                log.warning(
                    "Virtual server \(name): real server \(match.address) matches sorry server, but inhibit "
                        + "setting differs, \(action)ing on sorry server", at: at)
                server.inhibitOnFailure = match.inhibitOnFailure
            }
            sorry = server
        }
        var quorum = draft.quorum
        if UInt64(quorum) > weightSum {
            log.warning(
                "Warning - quorum \(quorum) for \(name) exceeds total weight of real servers \(weightSum), "
                    + "reducing quorum to \(weightSum)", at: at)
            quorum = UInt32(weightSum)
        }
        var hysteresis = draft.hysteresis
        if hysteresis >= quorum {
            let reduced = quorum == 0 ? 0 : quorum - 1
            log.warning(
                "Virtual server \(name): hysteresis \(hysteresis) >= quorum \(quorum); setting hysteresis to "
                    + "\(Int64(quorum) - 1)", at: at)
            hysteresis = reduced
        }
        log.append(contentsOf: portLog.entries)
        portLog = DiagnosticLog()
        return VirtualServer(
            address: draft.address, family: draft.family, transportProtocol: proto, scheduler: scheduler,
            flags: flags, forwarding: forwarding ?? .nat, persistenceTimeout: persistence,
            persistenceGranularity: draft.persistenceGranularity, persistenceEngine: draft.persistenceEngine,
            haSuspend: haSuspend, smtpAlert: smtpAlert, virtualhost: draft.virtualhost, snmpName: draft.snmpName,
            alpha: draft.alpha, omega: draft.omega, quorum: quorum, hysteresis: hysteresis,
            quorumUp: draft.quorumUp, quorumDown: draft.quorumDown, weight: draft.weight, sorryServer: sorry,
            connectTimeout: draft.connectTimeout, delayLoop: draft.delayLoop, retry: draft.retry,
            delayBeforeRetry: draft.delayBeforeRetry, warmup: draft.warmup, inhibitOnFailure: draft.inhibitOnFailure,
            realServers: realServers, location: at)
    }

    private func resolve(
        _ draft: RealServerDraft, of vs: VirtualServerDraft, forwarding: ServerForwarding,
        checkedPort: UInt16
    ) -> RealServer {
        var server = RealServer(
            address: draft.address, port: draft.port, weight: draft.weight ?? vs.weight, forwarding: forwarding,
            upperThreshold: draft.upperThreshold, lowerThreshold: draft.lowerThreshold,
            inhibitOnFailure: draft.inhibitOnFailure ?? vs.inhibitOnFailure, alpha: draft.alpha ?? vs.alpha,
            notifyUp: draft.notifyUp, notifyDown: draft.notifyDown, retry: draft.retry ?? vs.retry,
            delayBeforeRetry: draft.delayBeforeRetry ?? vs.delayBeforeRetry, warmup: draft.warmup ?? vs.warmup,
            connectTimeout: draft.connectTimeout ?? vs.connectTimeout, delayLoop: draft.delayLoop ?? vs.delayLoop,
            smtpAlert: draft.smtpAlert ?? global.smtpAlertChecker ?? global.smtpAlert ?? true,
            virtualhost: draft.virtualhost, snmpName: draft.snmpName, location: draft.location)
        server.checkers = draft.checkers.map { resolve($0, of: server, virtualServer: vs, checkedPort: checkedPort) }
        return server
    }

    private func resolve(
        _ draft: CheckerDraft, of rs: RealServer, virtualServer vs: VirtualServerDraft,
        checkedPort: UInt16
    ) -> HealthChecker {
        let delayLoop = draft.delayLoop ?? rs.delayLoop
        var kind = draft.kind
        if case .http(var check) = kind {
            check.virtualhost = check.virtualhost ?? rs.virtualhost ?? vs.virtualhost
            kind = .http(check)
        }
        var connection: CheckerConnection?
        if draft.connects {
            connection = CheckerConnection(
                address: draft.connectAddress ?? rs.address, port: draft.connectPort ?? checkedPort,
                bindAddress: draft.bindAddress, bindPort: draft.bindPort, bindInterface: draft.bindInterface,
                connectTimeout: draft.connectTimeout ?? rs.connectTimeout, fwmark: draft.fwmark)
        }
        return HealthChecker(
            kind: kind, connection: connection, retry: draft.retry ?? rs.retry ?? draft.defaultRetry,
            delayBeforeRetry: draft.delayBeforeRetry ?? rs.delayBeforeRetry
                ?? draft.defaultDelayBeforeRetry(delayLoop: delayLoop),
            warmup: draft.warmup ?? rs.warmup ?? delayLoop, delayLoop: delayLoop, alpha: draft.alpha ?? rs.alpha,
            logAllFailures: draft.logAllFailures, location: draft.location)
    }

    /// The port rules of validate_check_config: NAT takes the virtual port when none is given;
    /// otherwise the real port must be the virtual one (fwmark: none).
    private mutating func realServerPort(
        _ rs: RealServerDraft, of vs: VirtualServerDraft, name: String,
        proto: TransportProtocol?
    ) -> UInt16 {
        let rsName = VirtualServer.displayName(.address(rs.address, port: rs.port), proto)
        switch vs.address {
        case .address(_, let port):
            if rs.forwarding?.method == .masquerade {
                return rs.port == 0 ? port : rs.port
            }
            if rs.port != 0 && rs.port != port {
                portLog.warning(
                    "WARNING - virtual server \(name) and real server \(rsName) ports don't match - resetting",
                    at: rs.location)
            }
            return port
        case .fwmark:
            if rs.forwarding?.method != .masquerade && rs.port != 0 {
                portLog.warning(
                    "WARNING - fwmark virtual server \(name), real server \(rsName) has port specified - "
                        + "clearing", at: rs.location)
                return 0
            }
            return rs.port
        case .group(let groupName):
            groupPortWarnings(rs, group: groups.first { $0.name == groupName }, name: name, proto: proto)
            return rs.port
        }
    }

    /// The group branch of keepalived's port checks: warnings only, the port is kept.
    private mutating func groupPortWarnings(
        _ rs: RealServerDraft, group: VirtualServerGroup?, name: String,
        proto: TransportProtocol?
    ) {
        guard let group, rs.forwarding?.method != .masquerade, rs.port != 0 else { return }
        let rsName = VirtualServer.displayName(.address(rs.address, port: rs.port), proto)
        if !group.fwmarks.isEmpty {
            portLog.warning(
                "WARNING - fwmark virtual server \(name), real server \(rsName) has port specified - "
                    + "port will be ignored", at: rs.location)
        }
        for case .addressRange(let first, let last, let port) in group.entries where port != rs.port {
            let range = first == last ? "\(first),\(port)" : "\(first)-\(last),\(port)"
            portLog.warning(
                "virtual server \(name):[\(range)] and real server \(rsName) ports don't match",
                at: rs.location)
        }
    }
}
