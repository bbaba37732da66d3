import LVSCore
import LVSDataPlane
import LVSVocabulary
import LVSWire

/// Where a tunnelled datagram was read from, which decides what the bytes are.
public enum TunnelSocketRole: Sendable, Equatable {
    /// An IPv4 raw socket: the whole outer packet, IPv4 header included.
    case ipv4Raw
    /// An IPv6 raw socket for IP protocol `protocolNumber`: only the outer payload.
    case ipv6Raw(protocolNumber: UInt8)
    /// A UDP socket on the GUE port: only the UDP payload (the GUE header and inner packet).
    case udp(family: InetAddress.Family)
}
