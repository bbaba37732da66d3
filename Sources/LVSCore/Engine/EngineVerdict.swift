import LVSVocabulary

/// What to do with a packet, decided by `IPVSEngine.process`. The data plane does the I/O.
public enum EngineVerdict: Hashable, Sendable {
    /// Send to a real server by the connection's forwarding method.
    case forward(ForwardAction)
    /// A NAT reply: rewrite the source back to the virtual address and port, then route it.
    case natReply(NATReplyAction)
    /// cache_bypass: no real server; forward to the packet's own destination.
    case bypass
    /// Not IPVS's packet: let it continue as if IPVS were not there.
    case pass(PassReason)
    /// Drop silently.
    case drop(EngineDropReason)
    /// Drop and answer ICMP (v6) port unreachable: the service has no usable real server.
    case reject
}
