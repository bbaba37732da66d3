import LVSCore
import LVSVocabulary
import LVSWire

/// IPv6's ARP: the director answers Neighbor Solicitations for its IPv6 VIPs itself (the kernel
/// does not own them), RFC 4861 section 7.
public enum NDPResponder {
    /// The address a well-formed Neighbor Solicitation asks about, or nil when the frame is not
    /// one (RFC 4861 7.1.1: hop limit 255, code 0, at least 24 bytes, target not multicast).
    public static func solicitedTarget(_ frame: FrameBuffer, _ s: PacketSummary) -> InetAddress? {
        guard s.family == .inet6, s.ipProtocol == IPProtocolNumber.icmpv6, let icmp = s.icmp,
            icmp.type == ICMPv6Type.neighborSolicitation, icmp.code == 0, s.hopLimit == 255,
            s.l4Length >= 24, frame.contains(s.l4Offset + 8, 16)
        else { return nil }
        let target = frame.address(s.l4Offset + 8, family: .inet6)
        return target.high >> 56 == 0xFF ? nil : target
    }

    /// Writes the Neighbor Advertisement answering `solicitation` (whose summary is `s`) into
    /// `output`: `target` is at `ownedMAC`. A solicitation from the unspecified address
    /// (duplicate address detection) is answered to all nodes, unsolicited; any other directly
    /// to its sender, solicited. Override is set: the VIP moves with the director.
    public static func advertise(
        _ output: inout FrameBuffer, answering solicitation: FrameBuffer, _ s: PacketSummary,
        target: InetAddress, ownedMAC: MACAddress
    ) -> RewriteVerdict {
        let toAll = s.source.high == 0 && s.source.low == 0
        return write(
            &output, target: target, ownedMAC: ownedMAC,
            to: toAll ? nil : (s.source, EthernetHeader(solicitation).source))
    }

    /// Writes an unsolicited advertisement of `target` at `mac` to all nodes (RFC 4861 7.2.6),
    /// the IPv6 counterpart of a gratuitous ARP: neighbours update their caches at once.
    public static func writeUnsolicited(
        _ output: inout FrameBuffer, mac: MACAddress, address: InetAddress
    ) -> RewriteVerdict {
        guard !address.isV4 else { return .drop(.addressFamilyMismatch) }
        return write(&output, target: address, ownedMAC: mac, to: nil)
    }

    /// The advertisement: to `to` (address and MAC), solicited, or to all nodes when nil.
    private static func write(
        _ output: inout FrameBuffer, target: InetAddress, ownedMAC: MACAddress,
        to: (address: InetAddress, mac: MACAddress)?
    ) -> RewriteVerdict {
        let length = HeaderSize.ethernet + HeaderSize.ipv6 + 32
        guard output.setCount(length) else { return .drop(.insufficientHeadroom) }
        let toAll = to == nil
        let destination = to?.address ?? InetAddress(v6High: 0xFF02_0000_0000_0000, low: 1)
        let destinationMAC = to?.mac ?? MACAddress(0x3333_0000_0001)
        output.fill(0, length: length, with: 0)
        output.setMAC(0, destinationMAC)
        output.setMAC(6, ownedMAC)
        output.set16(12, EtherType.ipv6)
        let ip = HeaderSize.ethernet
        output.set32(ip, 0x6000_0000)
        output.set16(ip + 4, 32)
        output.set8(ip + 6, IPProtocolNumber.icmpv6)
        output.set8(ip + 7, 255)
        output.setAddress(ip + 8, target)
        output.setAddress(ip + 24, destination)
        let l4 = ip + HeaderSize.ipv6
        output.set8(l4, ICMPv6Type.neighborAdvertisement)
        // Flags: solicited (unless to all nodes) and override.
        output.set32(l4 + 4, toAll ? 0x2000_0000 : 0x6000_0000)
        output.setAddress(l4 + 8, target)
        // Option: target link-layer address (type 2, 8 bytes).
        output.set8(l4 + 24, 2)
        output.set8(l4 + 25, 1)
        output.setMAC(l4 + 26, ownedMAC)
        _ = TransportChecksum.fill(
            output, protocol: IPProtocolNumber.icmpv6, source: target, destination: destination,
            l4Offset: l4, l4Length: 32)
        return .reply
    }
}
