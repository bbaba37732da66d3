import LVSVocabulary

/// Which virtual server a configuration block is, across reloads (keepalived's vs_iseq): a group
/// virtual server by group name and its position among the group's virtual servers, a firewall
/// mark by mark and family, an address by protocol, address and port.
public enum VirtualServerKey: Hashable, Sendable {
    case address(TransportProtocol?, InetAddress, port: UInt16)
    case fwmark(UInt32, InetAddress.Family)
    case group(String, member: Int)
}
