import LVSLab

/// The forwarding methods the demo shows, in the order it shows them.
public enum DemoMode: String, CaseIterable, Sendable {
    case dr, nat, tun

    public var title: String {
        switch self {
        case .dr: "DR: direct routing (replies go straight from the real server to the client)"
        case .nat: "NAT: the director rewrites addresses both ways (real servers route through it)"
        case .tun: "TUN: IP-in-IP tunnels to the real servers"
        }
    }

    /// ipvsadm's forwarding option for real servers (-g gatewaying, -m masquerading, -i ipip).
    public var forwardingOption: String {
        switch self {
        case .dr: "-g"
        case .nat: "-m"
        case .tun: "-i"
        }
    }
}
