/// Writes one checker block with every setting effective.
enum CheckerDumper {
    static func write(_ checker: HealthChecker, _ writer: inout ConfigTextWriter) {
        writer.block(checker.kind.keyword) { w in
            if case .file(let check) = checker.kind {
                w.line("track_file", ConfigQuoting.quoted(check.trackFile))
                if let weight = check.weight {
                    w.line("weight", check.reverse ? "\(weight) reverse" : "\(weight)")
                }
                return
            }
            if let connection = checker.connection {
                w.line("connect_ip", connection.address.description)
                if connection.port != 0 {
                    w.line("connect_port", String(connection.port))
                }
                w.optional("bindto", connection.bindAddress)
                if connection.bindPort != 0 {
                    w.line("bind_port", String(connection.bindPort))
                }
                w.optional("bind_if", connection.bindInterface)
                w.line("connect_timeout", connection.connectTimeout.description)
                if connection.fwmark != 0 {
                    w.line("fwmark", String(connection.fwmark))
                }
            }
            w.line("retry", String(checker.retry))
            w.line("delay_before_retry", checker.delayBeforeRetry.description)
            w.line("warmup", checker.warmup.description)
            w.line("delay_loop", checker.delayLoop.description)
            w.flag("alpha", checker.alpha)
            w.flag("log_all_failures", checker.logAllFailures)
            writeSpecific(checker.kind, &w)
        }
    }

    private static func writeSpecific(_ kind: CheckerKind, _ w: inout ConfigTextWriter) {
        switch kind {
        case .tcp, .ping, .file:
            break
        case .http(let check):
            w.line("http_protocol", check.httpProtocol.rawValue)
            w.optional("virtualhost", check.virtualhost)
            w.flag("enable_sni", check.enableSNI)
            w.flag("fast_recovery", check.fastRecovery)
            for url in check.urls {
                writeURL(url, &w)
            }
        case .udp(let check):
            if let payload = check.payload {
                w.line(
                    "payload",
                    payload.map { byte in
                        let hex = String(byte, radix: 16, uppercase: true)
                        return hex.count == 1 ? "0" + hex : hex
                    }.joined())
            }
            if check.requireReply {
                w.line(["require_reply", check.replyPattern].compactMap { $0 }.joined(separator: " "))
            }
            w.line("min_reply_length", String(check.minReplyLength))
            w.line("max_reply_length", String(check.maxReplyLength))
        case .dns(let check):
            w.line("type", check.queryType)
            if !check.name.isEmpty {
                w.line("name", ConfigQuoting.quoted(check.name))
            }
        case .misc(let check):
            w.line("misc_path", ConfigQuoting.quoted(check.command))
            w.optional("misc_timeout", check.timeout)
            if check.dynamic {
                w.line("misc_dynamic")
            }
            if let user = check.user {
                w.line("user", ConfigQuoting.line([user] + (check.group.map { [$0] } ?? [])))
            }
        case .smtp(let check):
            w.line("helo_name", ConfigQuoting.quoted(check.heloName))
        }
    }

    private static func writeURL(_ url: HTTPURL, _ writer: inout ConfigTextWriter) {
        writer.block("url") { w in
            w.line("path", ConfigQuoting.quoted(url.path))
            w.optional("digest", url.digest)
            w.line("status_code", url.statusCodes.description)
            w.optional("virtualhost", url.virtualhost)
            w.optional("regex", url.regex)
            if url.regexNoMatch {
                w.line("regex_no_match")
            }
            if !url.regexOptions.isEmpty {
                w.line("regex_options", url.regexOptions.joined(separator: " "))
            }
            w.optional("regex_min_offset", url.regexMinOffset)
            w.optional("regex_max_offset", url.regexMaxOffset)
            if let stack = url.regexStack {
                w.line("regex_stack", String(stack.start), String(stack.max))
            }
        }
    }
}
