import LVSCore
import LVSVocabulary
import LVSWire

/// How LVS-TUN wraps the client's packet for the real server (ipvsadm -i, --tun-type).
public struct TunnelParameters: Sendable, Equatable {
    public enum Encapsulation: Sendable, Equatable {
        /// IP in IP: outer protocol 4 (IPv4 inner) or 41 (IPv6 inner).
        case ipip
        /// Outer UDP to `port` (--tun-port) carrying a GUE version 0 header.
        case gue(port: UInt16)
        /// GRE (protocol 47), with the optional GRE checksum (--tun-csum).
        case gre
    }

    public var encapsulation: Encapsulation
    /// The director's tunnel endpoint.
    public var source: InetAddress
    /// The real server.
    public var destination: InetAddress
    public var l2: L2Rewrite
    /// IP MTU of the egress link toward the real server.
    public var mtu: Int
    /// Outer TTL; nil copies the inner packet's, as the kernel does.
    public var timeToLive: UInt8?
    /// --tun-csum: compute the outer UDP checksum (GUE over IPv4) or add the GRE checksum.
    /// GUE over IPv6 always carries a UDP checksum (the zero-checksum exception of RFC 6935 is
    /// not assumed of the receiver).
    public var checksum: Bool
    public var identification: UInt16

    public init(
        encapsulation: Encapsulation, source: InetAddress, destination: InetAddress, l2: L2Rewrite,
        mtu: Int = 1500, timeToLive: UInt8? = nil, checksum: Bool = false, identification: UInt16 = 0
    ) {
        self.encapsulation = encapsulation
        self.source = source
        self.destination = destination
        self.l2 = l2
        self.mtu = mtu
        self.timeToLive = timeToLive
        self.checksum = checksum
        self.identification = identification
    }

    public var outerIPLength: Int { source.isV4 ? HeaderSize.ipv4Minimum : HeaderSize.ipv6 }

    /// Bytes between the outer IP header and the inner packet.
    public var encapsulationLength: Int {
        switch encapsulation {
        case .ipip: 0
        case .gue: HeaderSize.udp + HeaderSize.gue
        case .gre: HeaderSize.gre + (checksum ? 4 : 0)
        }
    }

    /// Bytes added in front of the inner packet.
    public var overhead: Int { outerIPLength + encapsulationLength }
}
