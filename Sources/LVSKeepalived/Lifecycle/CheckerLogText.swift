/// The lines keepalived's checkers log when a check changes a checker's state (check_tcp.c
/// tcp_epilog, check_http.c, check_udp.c, check_ping.c, check_misc.c, check_smtp.c). nil where
/// the checker words it around details only the checker knows (DNS_CHECK, FILE_CHECK): the
/// checker's driver logs those.
enum CheckerLogText {
    static func success(_ kind: CheckerKind, server: String, virtualServer: String) -> String? {
        switch kind {
        case .tcp: "TCP connection to \(server) success."
        case .http: "Remote Web server \(server) succeed on service."
        case .udp: "UDP connection to \(server) success."
        case .ping: "ICMP connection to \(server) success."
        case .smtp: "Remote SMTP server \(server) succeed on service."
        case .misc(let misc): "Misc check for [\(server) VS \(virtualServer)] by [\(program(misc))] succeeded."
        case .dns, .file: nil
        }
    }

    /// `afterRetries`: the checker had run before and has retries (keepalived then counts them).
    static func failure(
        _ kind: CheckerKind, server: String, virtualServer: String, retry: UInt32,
        afterRetries: Bool, reason: String?
    ) -> String? {
        let retries = afterRetries && retry > 0 ? " after \(retry) retries" : ""
        switch kind {
        case .tcp: return "TCP_CHECK on service \(server) failed\(retries)."
        case .http:
            // check_http.c marks the checker as run before it logs, so a first failure with
            // retries also says "after N retries".
            return "HTTP_CHECK on service \(server) failed\(retry > 0 ? " after \(retry) retries" : "")."
        case .udp: return "UDP_CHECK on service \(server) failed\(retries)."
        case .ping:
            return afterRetries && retry > 0
                ? "ICMP CHECK on service \(server) of \(virtualServer) failed after \(retry) retries."
                : "ICMP CHECK on service \(server) failed."
        case .misc(let misc):
            // A failure reported after the last retry: keepalived's retry_it is back at 0 then.
            let detail = retry == 0 ? " with retry disabled" : " after \(retry) \(retry == 1 ? "retry" : "retries")"
            let check = "Misc check for [\(server) VS \(virtualServer)] by [\(program(misc))]"
            // A killed script "timed out"; an exit code or a signal is the reason in brackets.
            if reason == "timed out" {
                return "\(check) timed out\(detail)."
            }
            return "\(check) failed\(detail) (\(reason ?? "exited with status 1"))."
        // SMTP_CHECK prefixes the checker's own error message.
        case .smtp: return reason.map { "SMTP_CHECK \($0)" }
        case .dns, .file: return nil
        }
    }

    private static func program(_ misc: MiscCheck) -> String {
        ScriptWords.split(misc.command)?.first ?? misc.command
    }
}
