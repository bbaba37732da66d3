import LVSVocabulary

/// Which of the kernel's three TCP tables applies to a packet.
public enum TCPTableDirection: UInt8, Hashable, Sendable {
    /// Client to server through the director (NAT connections).
    case input
    /// Server reply through the director (NAT only).
    case output
    /// Client to server when the director never sees replies (DR, TUN: IP_VS_CONN_F_NOOUTPUT).
    case inputOnly
}
