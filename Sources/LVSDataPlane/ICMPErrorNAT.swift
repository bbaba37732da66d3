import LVSCore
import LVSVocabulary
import LVSWire

/// ICMP errors about NAT connections. The quoted packet is one the sender of the error got from
/// us, so its addresses are the translated ones: both the outer header and the quote must be
/// rewritten for the error to make sense to its receiver (as the kernel's ip_vs_nat_icmp does).
///
/// To find the connection, the engine looks up the quote's tuple reversed: the quote of an error
/// from the client side is a reply (VIP:vport -> client), from the real-server side a request
/// (client -> RIP:rport).
public enum ICMPErrorNAT {
    /// An error from the client's side about a reply: the outer destination (VIP) and the
    /// quote's source VIP:vport become the real server's address and port.
    public static func rewriteTowardRealServer(
        _ frame: FrameBuffer, _ s: PacketSummary, address: InetAddress,
        port: UInt16, l2: L2Rewrite
    ) -> RewriteVerdict {
        rewrite(frame, s, towardClient: false, address: address, port: port, l2: l2)
    }

    /// An error from the real server's side about a request: the outer source and the quote's
    /// destination RIP:rport become the VIP and virtual port.
    public static func rewriteTowardClient(
        _ frame: FrameBuffer, _ s: PacketSummary, address: InetAddress,
        port: UInt16, l2: L2Rewrite
    ) -> RewriteVerdict {
        rewrite(frame, s, towardClient: true, address: address, port: port, l2: l2)
    }

    static func rewrite(
        _ frame: FrameBuffer, _ s: PacketSummary, towardClient: Bool, address: InetAddress,
        port: UInt16, l2: L2Rewrite
    ) -> RewriteVerdict {
        guard let icmp = s.icmp, let q = icmp.quote else { return .drop(.notICMPError) }
        guard address.family == s.family, q.family == s.family else { return .drop(.addressFamilyMismatch) }

        // Outer header: toward the client the error now comes from the VIP; toward the real
        // server it now goes to it.
        let outerOld = towardClient ? s.source : s.destination
        IPAddressRewrite.set(frame, l3Offset: s.l3Offset, sourceSide: towardClient, old: outerOld, new: address)

        // Quote: toward the client it was sent to RIP:rport; toward the real server it came from VIP:vport.
        let quoteSourceSide = !towardClient
        let quoteOld = quoteSourceSide ? q.source : q.destination
        let quoteEnd = q.l3Offset + q.quotedLength
        var quoteView = frame
        quoteView.setCount(quoteEnd)
        if q.family == .inet && q.quotedLength >= q.ipHeaderLength {
            IPAddressRewrite.set(
                quoteView, l3Offset: q.l3Offset, sourceSide: quoteSourceSide, old: quoteOld, new: address)
        } else if q.family == .inet6 {
            quoteView.setAddress(q.l3Offset + (quoteSourceSide ? 8 : 24), address)
        }
        let hasPorts =
            q.ipProtocol == IPProtocolNumber.tcp || q.ipProtocol == IPProtocolNumber.udp
            || q.ipProtocol == IPProtocolNumber.sctp
        if hasPorts {
            let portOffset = q.l4Offset + (quoteSourceSide ? 0 : 2)
            let oldPort = quoteView.u16(portOffset)
            quoteView.set16(portOffset, port)
            // Keep the quoted transport checksum consistent when it was quoted at all, so a
            // receiver comparing it with what it sent sees its own packet.
            let field =
                q.l4Offset
                + (q.ipProtocol == IPProtocolNumber.tcp ? TCPHeader.checksumOffset : UDPHeader.checksumOffset)
            if q.ipProtocol != IPProtocolNumber.sctp, quoteView.contains(field, 2) {
                TransportChecksumUpdate.apply(
                    quoteView, field: field, isUDP: q.ipProtocol == IPProtocolNumber.udp,
                    family: q.family, oldAddress: quoteOld, newAddress: address,
                    oldPort: oldPort, newPort: port)
            }
        }

        // The ICMP checksum covers the quote (and, for ICMPv6, the outer addresses): recompute.
        let newSource = towardClient ? address : s.source
        let newDestination = towardClient ? s.destination : address
        TransportChecksum.fill(
            frame, protocol: s.ipProtocol, source: newSource, destination: newDestination,
            l4Offset: s.l4Offset, l4Length: s.l4Length)
        l2.apply(frame)
        return .forward
    }
}
