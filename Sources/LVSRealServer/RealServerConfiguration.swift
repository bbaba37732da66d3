import LVSCore
import LVSVocabulary

/// How tunnelled traffic from the director reaches this real server when the kernel cannot
/// terminate the tunnel itself.
public enum TunnelKind: Sendable, Hashable, CustomStringConvertible {
    /// IP-in-IP: outer protocol 4 (IPv4 inner) or 41 (IPv6 inner), the director's `--tun-type ipip`.
    case ipip
    /// Generic UDP Encapsulation on a UDP port, the director's `--tun-type gue --tun-port N`.
    case gue(port: UInt16)

    public var description: String {
        switch self {
        case .ipip: "ipip"
        case .gue(let port): "gue:\(port)"
        }
    }

    /// Parses `description` ("ipip", "gue:5555").
    public init?(stateText text: String) {
        if text == "ipip" { self = .ipip; return }
        guard text.hasPrefix("gue:"), let port = UInt16(text.dropFirst(4)), port != 0 else { return nil }
        self = .gue(port: port)
    }
}

/// How the real server is kept from answering ARP for the VIP (which only the director may own).
public enum ARPSuppressionMethod: String, Sendable, Hashable, CaseIterable {
    /// arp_ignore=1 and arp_announce=2 on `all` and `lo` (what most LVS-DR guides do).
    case sysctl
    /// arptables rules: drop ARP requests for the VIP, rewrite the VIP out of outgoing ARP.
    case arptables
}

/// What `lvs realserver start` is asked to put in place.
public struct RealServerConfiguration: Sendable, Equatable {
    public static let defaultStateDirectory = "/run/lvs"

    public var virtualAddresses: [InetAddress]
    public var method: ARPSuppressionMethod
    public var tunnel: TunnelKind?
    /// For arptables: the address outgoing ARP should carry instead of the VIP. Nil picks the
    /// first global IPv4 address of a non-loopback interface.
    public var realAddress: InetAddress?

    public init(virtualAddresses: [InetAddress], method: ARPSuppressionMethod = .sysctl,
                tunnel: TunnelKind? = nil, realAddress: InetAddress? = nil) {
        self.virtualAddresses = virtualAddresses
        self.method = method
        self.tunnel = tunnel
        self.realAddress = realAddress
    }
}

/// A refusal with a message meant for the operator.
public struct RealServerError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
