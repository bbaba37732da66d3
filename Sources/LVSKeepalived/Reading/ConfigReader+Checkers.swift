import LVSVocabulary

/// The checker blocks and their common keywords (keepalived/check/check_api.c and check_*.c).
extension ConfigReader {
    static let checkerKeywords: Set<String> = [
        "HTTP_GET", "SSL_GET", "TCP_CHECK", "UDP_CHECK", "DNS_CHECK", "MISC_CHECK", "SMTP_CHECK", "PING_CHECK",
        "FILE_CHECK", "BFD_CHECK",
    ]

    /// One checker, or several for SMTP_CHECK with host blocks; none when keepalived drops it.
    func readChecker(_ block: ConfigNode, realServer: RealServerDraft) -> [CheckerDraft] {
        guard requireBlock(block) else { return [] }
        switch block.keyword {
        case "HTTP_GET", "SSL_GET":
            return readHTTPCheck(block).map { [$0] } ?? []
        case "UDP_CHECK":
            return readUDPCheck(block).map { [$0] } ?? []
        case "DNS_CHECK":
            return readDNSCheck(block).map { [$0] } ?? []
        case "MISC_CHECK":
            return readMiscCheck(block).map { [$0] } ?? []
        case "SMTP_CHECK":
            return readSMTPCheck(block)
        case "FILE_CHECK":
            return readFileCheck(block).map { [$0] } ?? []
        case "BFD_CHECK":
            log.warning("BFD_CHECK is not supported by SwiftLVS - ignoring", at: block.location)
            return []
        default:
            let kind: CheckerKind = block.keyword == "TCP_CHECK" ? .tcp(TCPCheck()) : .ping(PingCheck())
            var checker = CheckerDraft(kind: kind, location: block.location)
            for node in block.children where !readCommonKeyword(node, into: &checker) {
                unknownKeyword(node)
            }
            return checkConnection(checker) ? [checker] : []
        }
    }

    /// The keywords every checker has (the connection ones only for checkers that connect);
    /// false when `node` is not one of them.
    func readCommonKeyword(_ node: ConfigNode, into checker: inout CheckerDraft) -> Bool {
        let at = node.location
        if checker.connects, readConnectionKeyword(node, into: &checker) {
            return true
        }
        switch node.keyword {
        case "retry":
            guard let text = argument(node, 0) else { return true }
            guard let value = readUnsigned(text, min: 0, max: UInt32.max, at: at) else {
                log.error("Invalid retry connection value '\(text)'", at: at)
                return true
            }
            checker.retry = value
        case "delay_before_retry", "warmup":
            guard let text = argument(node, 0) else { return true }
            guard let value = readTimer(text, minMicroseconds: 0, at: at) else {
                log.error("Invalid \(node.keyword) connection value '\(text)'", at: at)
                return true
            }
            if node.keyword == "warmup" {
                checker.warmup = value
            } else {
                checker.delayBeforeRetry = value
            }
        case "delay_loop":
            guard let text = argument(node, 0) else { return true }
            guard let value = readTimer(text, minMicroseconds: 1, at: at) else {
                log.error("delay_loop '\(text)' is invalid - ignoring", at: at)
                return true
            }
            checker.delayLoop = value
        case "alpha":
            if let value = optionalBool(node, invalid: { "Invalid alpha parameter \($0)" }) {
                checker.alpha = value
            }
        case "log_all_failures":
            if let value = optionalBool(node, invalid: { "Invalid log_all_failures parameter \($0)" }) {
                checker.logAllFailures = value
            }
        default:
            return false
        }
        return true
    }

    private func readConnectionKeyword(_ node: ConfigNode, into checker: inout CheckerDraft) -> Bool {
        let at = node.location
        switch node.keyword {
        case "connect_ip", "bindto":
            guard let text = argument(node, 0) else { return true }
            let isConnect = node.keyword == "connect_ip"
            guard let address = Self.address(text), !text.contains("/"), !text.contains("-") else {
                log.error("Invalid \(isConnect ? "connect_ip" : "bindto") address \(text) - ignoring", at: at)
                return true
            }
            let other = isConnect ? checker.bindAddress : checker.connectAddress
            if let other, other.family != address.family {
                let otherName = isConnect ? "bindto" : "connect_ip"
                log.error(
                    "\(node.keyword) address \(text) does not match address family of \(otherName) - skipping",
                    at: at)
                return true
            }
            if isConnect {
                checker.connectAddress = address
            } else {
                checker.bindAddress = address
            }
        case "connect_port", "bind_port":
            guard let text = argument(node, 0) else { return true }
            guard let value = readUnsigned(text, min: 1, max: 65535, at: at) else {
                log.error("Invalid checker \(node.keyword) '\(text)'", at: at)
                return true
            }
            if node.keyword == "connect_port" {
                checker.connectPort = UInt16(value)
            } else {
                checker.bindPort = UInt16(value)
            }
        case "bind_if":
            guard let name = argument(node, 0) else { return true }
            // IFNAMSIZ is 16 including the terminating NUL.
            guard name.utf8.count <= 15 else {
                log.error("Interface name \(name) is too long - ignoring", at: at)
                return true
            }
            checker.bindInterface = name
        case "connect_timeout":
            guard let text = argument(node, 0) else { return true }
            guard let value = readTimer(text, minMicroseconds: 1, maxMicroseconds: UInt64(UInt32.max), at: at) else {
                log.error("connect_timeout \(text) invalid - ignoring", at: at)
                return true
            }
            checker.connectTimeout = value
        case "fwmark":
            guard let text = argument(node, 0) else { return true }
            guard let value = readUnsigned(text, min: 0, max: UInt32.max, at: at) else {
                log.error("Invalid fwmark connection value '\(text)'", at: at)
                return true
            }
            checker.fwmark = value
        default:
            return false
        }
        return true
    }

    /// check_conn_opts: an IPv6 link-local destination needs bind_if.
    func checkConnection(_ checker: CheckerDraft) -> Bool {
        guard let address = checker.connectAddress, !address.isV4, address.high >> 54 == 0x3fa,
            checker.bindInterface == nil
        else { return true }
        log.error("Checker link local address \(address) requires a bind_if", at: checker.location)
        return false
    }
}
