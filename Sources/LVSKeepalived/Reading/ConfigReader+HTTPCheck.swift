/// HTTP_GET and SSL_GET (keepalived/check/check_http.c).
extension ConfigReader {
    static let regexOptions: Set<String> = [
        "allow_empty_class", "alt_bsux", "auto_callout", "caseless", "dollar_endonly", "dotall", "dupnames",
        "extended", "firstline", "match_unset_backref", "multiline", "never_ucp", "never_utf", "no_auto_capture",
        "no_auto_possess", "no_dotstar_anchor", "no_start_optimize", "ucp", "ungreedy", "utf", "never_backslash_c",
        "alt_circumflex", "alt_verbnames", "use_offset_limit",
    ]

    func readHTTPCheck(_ block: ConfigNode) -> CheckerDraft? {
        var check = HTTPCheck(usesTLS: block.keyword == "SSL_GET")
        var checker = CheckerDraft(kind: .tcp(TCPCheck()), location: block.location)
        for node in block.children {
            if readCommonKeyword(node, into: &checker) {
                continue
            }
            let at = node.location
            switch node.keyword {
            case "nb_get_retry":
                log.warning("nb_get_retry is deprecated - please use 'retry'", at: at)
                guard let text = argument(node, 0) else { continue }
                guard let value = readUnsigned(text, min: 0, max: UInt32.max, at: at) else {
                    log.error("Invalid nb_get_retry value '\(text)'", at: at)
                    continue
                }
                checker.retry = value
            case "virtualhost":
                guard let name = node.argument(0) else {
                    log.error("HTTP_GET virtualhost name missing", at: at)
                    continue
                }
                check.virtualhost = name
            case "http_protocol":
                guard let word = node.argument(0) else {
                    log.error("Missing http_protocol version", at: at)
                    continue
                }
                if let version = HTTPProtocolVersion(keepalivedName: word) {
                    check.httpProtocol = version
                } else {
                    log.error("Invalid http_protocol version \(word)", at: at)
                }
            case "enable_sni":
                if let value = optionalBool(node, invalid: { "Invalid enable_sni parameter \($0)" }) {
                    check.enableSNI = value
                }
            case "fast_recovery":
                if let value = optionalBool(node, invalid: { "Invalid fast_recovery parameter \($0)" }) {
                    check.fastRecovery = value
                }
            case "url":
                guard requireBlock(node) else { continue }
                if let url = readURL(node) {
                    check.urls.append(url)
                }
            default:
                unknownKeyword(node)
            }
        }
        checker.kind = .http(check)
        guard !check.urls.isEmpty else {
            log.error(
                "HTTP/SSL_GET checker has no urls specified - ignoring",
                at: block.endLocation ?? block.location)
            return nil
        }
        return checkConnection(checker) ? checker : nil
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func readURL(_ block: ConfigNode) -> HTTPURL? {
        var url = HTTPURL(path: "", statusCodes: HTTPStatusCodes(), location: block.location)
        var hasPath = false
        for node in block.children {
            let at = node.location
            switch node.keyword {
            case "path":
                guard let path = argument(node, 0) else { continue }
                url.path = path
                hasPath = true
            case "digest":
                guard let digest = argument(node, 0) else { continue }
                guard url.digest == nil else {
                    log.error("Digest '\(digest)' is a duplicate", at: at)
                    continue
                }
                guard digest.utf8.count == 32 else {
                    log.error(
                        "digest '\(digest)' character length should be 32 rather than \(digest.utf8.count)",
                        at: at)
                    continue
                }
                guard digest.allSatisfy(\.isHexDigit) else {
                    log.error("Unable to interpret hex digit in '\(digest)'", at: at)
                    continue
                }
                url.digest = digest.lowercased()
            case "status_code":
                for word in node.arguments {
                    guard let range = HTTPStatusCodes.range(word) else {
                        log.error("Invalid HTTP_GET status code '\(word)'", at: at)
                        continue
                    }
                    url.statusCodes.insert(range)
                }
            case "virtualhost":
                guard let name = node.argument(0) else {
                    log.error("Missing HTTP_GET virtualhost name", at: at)
                    continue
                }
                url.virtualhost = name
            case "regex":
                guard node.arguments.count == 1 else {
                    log.error("regex missing or too many fields", at: at)
                    continue
                }
                url.regex = node.arguments[0]
            case "regex_no_match":
                url.regexNoMatch = true
            case "regex_options":
                for option in node.arguments
                where Self.regexOptions.contains(option) && !url.regexOptions.contains(option) {
                    url.regexOptions.append(option)
                }
            case "regex_min_offset", "regex_max_offset":
                guard node.arguments.count == 1, let value = UInt64(node.arguments[0]) else {
                    log.error("Invalid \(node.keyword) \(node.argument(0) ?? "") specified", at: at)
                    continue
                }
                if node.keyword == "regex_min_offset" {
                    url.regexMinOffset = value
                } else {
                    url.regexMaxOffset = value
                }
            case "regex_stack":
                guard node.arguments.count == 2, let start = UInt64(node.arguments[0]),
                    let max = UInt64(node.arguments[1]), start <= max
                else {
                    log.error("regex_stack requires start and max values, start not above max", at: at)
                    continue
                }
                url.regexStack = HTTPURL.RegexStack(start: start, max: max)
            default:
                unknownKeyword(node)
            }
        }
        guard hasPath else {
            log.error("HTTP/SSL_GET checker url has no path - ignoring", at: block.location)
            return nil
        }
        if url.statusCodes.isEmpty {
            url.statusCodes = .defaultSuccess
        }
        if url.regex == nil
            && (url.regexNoMatch || !url.regexOptions.isEmpty || url.regexMinOffset != nil
                || url.regexMaxOffset != nil || url.regexStack != nil)
        {
            log.error("regex parameters specified without regex", at: block.location)
            return nil
        }
        return url
    }
}
