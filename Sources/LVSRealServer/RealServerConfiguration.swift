import LVSCore
import LVSVocabulary

/// What `lvs realserver start` is asked to put in place.
public struct RealServerConfiguration: Sendable, Equatable {
    public static let defaultStateDirectory = "/run/lvs"

    public var virtualAddresses: [InetAddress]
    public var method: ARPSuppressionMethod
    public var tunnel: TunnelKind?
    /// For arptables: the address outgoing ARP should carry instead of the VIP. Nil picks the
    /// first global IPv4 address of a non-loopback interface.
    public var realAddress: InetAddress?

    public init(
        virtualAddresses: [InetAddress], method: ARPSuppressionMethod = .sysctl,
        tunnel: TunnelKind? = nil, realAddress: InetAddress? = nil
    ) {
        self.virtualAddresses = virtualAddresses
        self.method = method
        self.tunnel = tunnel
        self.realAddress = realAddress
    }
}
