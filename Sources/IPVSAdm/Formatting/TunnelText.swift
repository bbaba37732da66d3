import LVSCore

/// How ipvsadm shows a real server's forwarding method and tunnel settings.
enum TunnelText {
    /// The `-S` switch: local delivery is written as direct routing, as ipvsadm does.
    static func forwardSwitch(_ method: ForwardMethod) -> String {
        switch method {
        case .masquerade: "-m"
        case .tunnel: "-i"
        case .route, .local: "-g"
        }
    }

    /// ipvsadm indexes a three-entry table by the raw flags; only one flag can be set through
    /// ipvsadm, and remote checksum offload is the stronger claim when both are.
    private static func flagIndex(_ flags: TunnelFlags) -> Int {
        if flags.contains(.remoteChecksum) { return 2 }
        if flags.contains(.checksum) { return 1 }
        return 0
    }

    /// The TunnelInfo column of `--tun-info`; nil (printed "n/a") for non-tunnel servers.
    static func info(_ config: DestinationConfig) -> String? {
        guard config.forward == .tunnel else { return nil }
        let shortFlags = ["-c", "+c", "r+c"][flagIndex(config.tunnelFlags)]
        switch config.tunnelType {
        case .ipip: return "ipip"
        case .gue: return "gue:\(config.tunnelPort):\(shortFlags)"
        case .gre: return "gre:\(shortFlags)"
        }
    }

    /// What `-S` appends after `-w N` for a tunnel server.
    static func ruleOptions(_ config: DestinationConfig) -> String {
        let option = ["--tun-nocsum", "--tun-csum", "--tun-remcsum"][flagIndex(config.tunnelFlags)]
        switch config.tunnelType {
        case .ipip: return " --tun-type ipip"
        case .gue: return " --tun-type gue --tun-port \(config.tunnelPort) \(option)"
        case .gre: return " --tun-type gre \(option)"
        }
    }
}
