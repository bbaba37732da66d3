import LVSCore
import LVSVocabulary
import LVSWire

/// LVS-NAT (masquerading): the director rewrites the destination of client packets to the real
/// server, and the source of the real server's replies back to the virtual service.
///
/// Checksums are updated incrementally (RFC 1624): the IPv4 header for the address, the
/// transport checksum for the address (pseudo-header) and port. SCTP's CRC32c has no
/// incremental form and is recomputed when a port changes. A frame marked `checksumPartial`
/// (CHECKSUM_PARTIAL from a local sender) has no complete transport checksum to update, so
/// it is computed in full after the rewrite.
public enum NATRewriter {
    /// Client -> VIP:vport becomes client -> RIP:rport.
    public static func rewriteDestination(
        _ frame: FrameBuffer, _ s: PacketSummary, address: InetAddress, port: UInt16,
        l2: L2Rewrite, checksumPartial: Bool = false
    ) -> RewriteVerdict {
        rewrite(frame, s, sourceSide: false, address: address, port: port, l2: l2, checksumPartial: checksumPartial)
    }

    /// RIP:rport -> client becomes VIP:vport -> client.
    public static func rewriteSource(
        _ frame: FrameBuffer, _ s: PacketSummary, address: InetAddress, port: UInt16,
        l2: L2Rewrite, checksumPartial: Bool = false
    ) -> RewriteVerdict {
        rewrite(frame, s, sourceSide: true, address: address, port: port, l2: l2, checksumPartial: checksumPartial)
    }

    static func rewrite(
        _ frame: FrameBuffer, _ s: PacketSummary, sourceSide: Bool, address: InetAddress, port: UInt16,
        l2: L2Rewrite, checksumPartial: Bool
    ) -> RewriteVerdict {
        guard address.family == s.family else { return .drop(.addressFamilyMismatch) }
        let proto = s.ipProtocol
        guard proto == IPProtocolNumber.tcp || proto == IPProtocolNumber.udp || proto == IPProtocolNumber.sctp else {
            return .drop(.unsupportedProtocol)
        }
        let oldAddress = sourceSide ? s.source : s.destination
        let portOffset = s.l4Offset + (sourceSide ? 0 : 2)
        let oldPort = frame.u16(portOffset)

        IPAddressRewrite.set(frame, l3Offset: s.l3Offset, sourceSide: sourceSide, old: oldAddress, new: address)
        frame.set16(portOffset, port)

        if checksumPartial || proto == IPProtocolNumber.sctp {
            TransportChecksum.fill(
                frame, protocol: proto,
                source: sourceSide ? address : s.source,
                destination: sourceSide ? s.destination : address,
                l4Offset: s.l4Offset, l4Length: s.l4Length)
        } else {
            let field =
                s.l4Offset + (proto == IPProtocolNumber.tcp ? TCPHeader.checksumOffset : UDPHeader.checksumOffset)
            TransportChecksumUpdate.apply(
                frame, field: field, isUDP: proto == IPProtocolNumber.udp,
                family: s.family, oldAddress: oldAddress, newAddress: address,
                oldPort: oldPort, newPort: port)
        }
        l2.apply(frame)
        return .forward
    }
}
