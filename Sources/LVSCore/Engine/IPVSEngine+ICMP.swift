import LVSVocabulary

/// What to do with an ICMP error about an IPVS connection.
public enum ICMPErrorVerdict: Hashable, Sendable {
    /// From the client's side, about a packet sent in the service's name (a NAT reply, or a
    /// DR/TUN real server's reply from the VIP): send it to the connection's real server the
    /// way its packets go; for NAT, rewrite the outer destination and the quote's source to
    /// the real server's address and port.
    case toRealServer(ForwardAction)
    /// From the real server's side, about a NAT request: rewrite the outer source and the
    /// quote's destination to the VIP and virtual port, and route it to the client.
    case toClient(NATReplyAction)
    /// About no connection this engine holds.
    case pass(PassReason)
}

extension IPVSEngine {
    /// Kernel ip_vs_in_icmp / ip_vs_out_icmp: finds the connection an ICMP error (destination
    /// unreachable, source quench, time exceeded) is about from the packet it quotes, counts
    /// it and says where it goes. Path-MTU discovery needs this: "fragmentation needed" about
    /// a DR reply is sent to the VIP, and only the real server can act on it.
    ///
    /// `quoted` is the quoted packet's tuple as it was sent; `origin` the side the error came
    /// from; `length` the error's IP length, for the byte counters. Never traps.
    public func processICMPError(
        quoted: PacketMeta, origin: PacketMeta.Origin, length: UInt32,
        now: Instant
    ) -> ICMPErrorVerdict {
        guard quoted.ipProtocol == IPProtocolNumber.tcp || quoted.ipProtocol == IPProtocolNumber.udp else {
            return .pass(.unsupportedProtocol)
        }
        guard quoted.source.family == quoted.destination.family else { return .pass(.noConnection) }
        switch origin {
        case .client:
            // The quote is what the client received: VIP:vport -> client:cport.
            let id = connections.lookup(
                proto: quoted.ipProtocol, client: quoted.destination,
                clientPort: quoted.destinationPort, virtual: quoted.source,
                virtualPort: quoted.sourcePort)
            guard id >= 0 else { return .pass(.noConnection) }
            let e = connections[id]
            guard registry.server(e.destination)?.isAvailable ?? false else { return .pass(.noConnection) }
            countIn(e.destination, length)
            guard case .forward(let action) = forwardVerdict(e, id: id) else { return .pass(.noConnection) }
            return .toRealServer(action)
        case .realServer:
            // The quote is what the real server received: client:cport -> RIP:rport.
            let id = connections.lookupReply(
                proto: quoted.ipProtocol, server: quoted.destination,
                serverPort: quoted.destinationPort, client: quoted.source,
                clientPort: quoted.sourcePort)
            guard id >= 0, connections[id].forward == .masquerade else { return .pass(.noConnection) }
            let e = connections[id]
            countOut(e.destination, length)
            return .toClient(
                NATReplyAction(virtualAddress: e.virtualAddress, virtualPort: e.virtualPort, connection: id))
        }
    }
}
