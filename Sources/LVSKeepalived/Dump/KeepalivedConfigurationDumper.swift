/// `--dump-conf`: the effective configuration in keepalived.conf syntax, every default written
/// out and inheritance resolved, using the current keyword spellings (lvs_sched, lvs_method,
/// retry). Parsing the text gives the same configuration back (source locations aside).
public enum KeepalivedConfigurationDumper {
    public static func render(_ configuration: KeepalivedConfiguration) -> String {
        var writer = ConfigTextWriter()
        writeGlobal(configuration.globalDefinitions, &writer)
        for block in configuration.otherBlocks {
            writer.node(block)
        }
        if let ssl = configuration.ssl {
            writer.block("SSL") { w in
                w.optional("password", ssl.password)
                w.optional("ca", ssl.caFile)
                w.optional("certificate", ssl.certificateFile)
                w.optional("key", ssl.keyFile)
            }
        }
        for group in configuration.virtualServerGroups {
            writer.block("virtual_server_group \(ConfigQuoting.quoted(group.name))") { w in
                for entry in group.entries {
                    w.line(entry.configurationText)
                }
            }
        }
        for server in configuration.virtualServers {
            writeVirtualServer(server, &writer)
        }
        return writer.text
    }

    private static func writeGlobal(_ global: GlobalDefinitions, _ writer: inout ConfigTextWriter) {
        writer.block("global_defs") { w in
            w.optional("router_id", global.routerID)
            if let user = global.scriptUser {
                w.line("script_user", ConfigQuoting.line([user] + (global.scriptGroup.map { [$0] } ?? [])))
            }
            if global.enableScriptSecurity {
                w.line("enable_script_security")
            }
            if let timeouts = global.lvsTimeouts {
                w.line("lvs_timeouts tcp \(timeouts.tcp) tcpfin \(timeouts.tcpFin) udp \(timeouts.udp)")
            }
            if let alert = global.smtpAlert {
                w.flag("smtp_alert", alert)
            }
            if let alert = global.smtpAlertChecker {
                w.flag("smtp_alert_checker", alert)
            }
            for setting in global.otherSettings {
                w.node(setting)
            }
        }
    }

    private static func writeVirtualServer(_ vs: VirtualServer, _ writer: inout ConfigTextWriter) {
        let header: String
        if case .group(let name) = vs.address {
            header = "virtual_server group \(ConfigQuoting.quoted(name))"
        } else {
            header = "virtual_server \(vs.address)"
        }
        writer.block(header) { w in
            if let family = vs.family {
                w.line("ip_family", family == .inet ? "inet" : "inet6")
            }
            if let proto = vs.transportProtocol {
                w.line("protocol", proto.ipvsadmName)
            }
            w.line("lvs_sched", vs.scheduler)
            for flag in SchedulerFlagWords.words(vs.flags, scheduler: vs.scheduler) {
                w.line(flag)
            }
            w.line("lvs_method", vs.forwarding.configurationWords.joined(separator: " "))
            if vs.persistenceTimeout != 0 {
                w.line("persistence_timeout", String(vs.persistenceTimeout))
            }
            w.optional("persistence_granularity", vs.persistenceGranularity)
            w.optional("persistence_engine", vs.persistenceEngine)
            if vs.haSuspend {
                w.line("ha_suspend")
            }
            w.flag("smtp_alert", vs.smtpAlert)
            w.optional("virtualhost", vs.virtualhost)
            w.optional("snmp_name", vs.snmpName)
            if vs.alpha {
                w.line("alpha")
            }
            if vs.omega {
                w.line("omega")
            }
            if vs.quorum != 0 {
                w.line("quorum", String(vs.quorum))
            }
            w.line("hysteresis", String(vs.hysteresis))
            if let script = vs.quorumUp {
                w.line("quorum_up", script.configurationText)
            }
            if let script = vs.quorumDown {
                w.line("quorum_down", script.configurationText)
            }
            w.line("weight", String(vs.weight))
            w.line("connect_timeout", vs.connectTimeout.description)
            w.line("delay_loop", vs.delayLoop.description)
            w.optional("retry", vs.retry)
            w.optional("delay_before_retry", vs.delayBeforeRetry)
            w.optional("warmup", vs.warmup)
            if vs.inhibitOnFailure {
                w.line("inhibit_on_failure")
            }
            if let sorry = vs.sorryServer {
                w.line("sorry_server", sorry.port == 0 ? "\(sorry.address)" : "\(sorry.address) \(sorry.port)")
                w.line("sorry_server_lvs_method", sorry.forwarding.configurationWords.joined(separator: " "))
                if sorry.inhibitOnFailure {
                    w.line("sorry_server_inhibit")
                }
            }
            for rs in vs.realServers {
                writeRealServer(rs, &w)
            }
        }
    }

    private static func writeRealServer(_ rs: RealServer, _ writer: inout ConfigTextWriter) {
        let header = rs.port == 0 ? "real_server \(rs.address)" : "real_server \(rs.address) \(rs.port)"
        writer.block(header) { w in
            w.line("weight", String(rs.weight))
            w.line("lvs_method", rs.forwarding.configurationWords.joined(separator: " "))
            if rs.upperThreshold != 0 {
                w.line("uthreshold", String(rs.upperThreshold))
            }
            if rs.lowerThreshold != 0 {
                w.line("lthreshold", String(rs.lowerThreshold))
            }
            w.flag("inhibit_on_failure", rs.inhibitOnFailure)
            w.flag("alpha", rs.alpha)
            if let script = rs.notifyUp {
                w.line("notify_up", script.configurationText)
            }
            if let script = rs.notifyDown {
                w.line("notify_down", script.configurationText)
            }
            w.optional("retry", rs.retry)
            w.optional("delay_before_retry", rs.delayBeforeRetry)
            w.optional("warmup", rs.warmup)
            w.line("connect_timeout", rs.connectTimeout.description)
            w.line("delay_loop", rs.delayLoop.description)
            w.flag("smtp_alert", rs.smtpAlert)
            w.optional("virtualhost", rs.virtualhost)
            w.optional("snmp_name", rs.snmpName)
            for checker in rs.checkers {
                CheckerDumper.write(checker, &w)
            }
        }
    }
}
