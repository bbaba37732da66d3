import LVSCore

/// `lvs_method` / `lb_kind` / `sorry_server_lvs_method` (check_parser.c svr_forwarding_handler).
extension ConfigReader {
    func readForwarding(_ node: ConfigNode, current: ServerForwarding, serverType: String) -> ServerForwarding? {
        guard let word = argument(node, 0) else { return nil }
        var result = current
        switch word {
        case "NAT": result.method = .masquerade
        case "DR": result.method = .route
        case "TUN": result.method = .tunnel
        default:
            log.error("PARSER : unknown [\(word)] routing method for \(serverType) server.", at: node.location)
            return nil
        }
        var tunnelType = TunnelType.ipip
        var port: UInt32 = 0
        var flags: TunnelFlags = []
        let words = node.arguments
        var i = 1
        while i < words.count {
            switch words[i] {
            case "type":
                guard i + 1 < words.count else {
                    log.error("Missing tunnel type for \(serverType) server.", at: node.location)
                    return nil
                }
                switch words[i + 1] {
                case "ipip": tunnelType = .ipip
                case "gue": tunnelType = .gue
                case "gre": tunnelType = .gre
                default:
                    log.error("Unknown tunnel type \(words[i + 1]) for \(serverType) server.", at: node.location)
                    return nil
                }
                i += 1
            case "port":
                guard i + 1 < words.count else {
                    log.error("Missing port for \(serverType) server gue tunnel.", at: node.location)
                    return nil
                }
                guard let value = readUnsigned(words[i + 1], min: 1, max: 65535, at: node.location) else {
                    log.error("Invalid gue tunnel port \(words[i + 1]) for \(serverType) server.", at: node.location)
                    return nil
                }
                port = value
                i += 1
            case "nocsum": flags = []
            case "csum": flags = .checksum
            case "remcsum": flags = .remoteChecksum
            default:
                log.error("Invalid tunnel option \(words[i]) for \(serverType) server.", at: node.location)
                return nil
            }
            i += 1
        }
        if (tunnelType == .gue) != (port != 0) {
            log.error("gue tunnels require port, otherwise cannot have port.", at: node.location)
            return nil
        }
        if tunnelType == .ipip && !flags.isEmpty {
            log.error("ipip tunnels do not support checksum option.", at: node.location)
            return nil
        }
        if tunnelType == .gre && flags.contains(.remoteChecksum) {
            log.error("gre tunnels do not support remote checksum option.", at: node.location)
            return nil
        }
        result.tunnelType = tunnelType
        result.tunnelPort = UInt16(port)
        result.tunnelFlags = flags
        return result
    }
}
