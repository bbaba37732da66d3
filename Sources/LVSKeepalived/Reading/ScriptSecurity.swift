/// keepalived refuses to run check scripts as configured unless `enable_script_security` is set
/// (check_check_script_security); `keepalived -t` then exits 6. It also inspects the script files,
/// which a pure parser cannot: here any configured LVS script counts.
enum ScriptSecurity {
    static func check(_ configuration: KeepalivedConfiguration, log: inout DiagnosticLog) {
        guard !configuration.globalDefinitions.enableScriptSecurity else { return }
        let servers = configuration.virtualServers
        let hasScript = servers.contains { vs in
            vs.quorumUp != nil || vs.quorumDown != nil
                || vs.realServers.contains { rs in
                    rs.notifyUp != nil || rs.notifyDown != nil
                        || rs.checkers.contains {
                            if case .misc = $0.kind { return true }
                            return false
                        }
                }
        }
        guard hasScript else { return }
        log.warning(
            "SECURITY VIOLATION - check scripts are being executed but script_security not enabled.",
            at: servers.first?.location, status: .securityError)
    }
}
