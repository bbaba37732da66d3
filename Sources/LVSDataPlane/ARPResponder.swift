import LVSCore
import LVSVocabulary
import LVSWire

/// The director answers ARP for its VIPs itself (the kernel does not own them) and announces
/// them with gratuitous ARP on takeover.
public enum ARPResponder {
    /// Turns an ARP request, already matched to an owned address, into the reply in place: sent
    /// from `ownedMAC` to the requester, saying the requested address is at `ownedMAC`.
    public static func reply(_ frame: FrameBuffer, _ arp: ARPSummary, ownedMAC: MACAddress) -> RewriteVerdict {
        guard arp.operation == ARPPacket.request else { return .drop(.notARPRequest) }
        let eth = EthernetHeader(frame)
        eth.destination = arp.senderMAC
        eth.source = ownedMAC
        ARPPacket(frame, at: arp.arpOffset).write(
            operation: ARPPacket.reply, senderMAC: ownedMAC, senderAddress: arp.targetAddress.v4,
            targetMAC: arp.senderMAC, targetAddress: arp.senderAddress.v4)
        return .reply
    }

    /// Writes a gratuitous ARP announcing `address` at `mac` into `frame` (from its start),
    /// broadcast, padded to the 60-byte minimum. Requests carry a zero target MAC (RFC 5227
    /// announcement); replies carry the broadcast address.
    public static func writeGratuitous(
        _ frame: inout FrameBuffer, mac: MACAddress, address: InetAddress,
        vlanTCI: UInt16? = nil, operation: UInt16 = ARPPacket.request
    ) -> RewriteVerdict {
        guard address.isV4 else { return .drop(.addressFamilyMismatch) }
        let l2Length = vlanTCI == nil ? HeaderSize.ethernet : HeaderSize.ethernet + HeaderSize.vlanTag
        guard frame.setCount(HeaderSize.ethernetMinimumFrame) else { return .drop(.insufficientHeadroom) }
        frame.fill(0, length: frame.count, with: 0)
        frame.setMAC(0, .broadcast)
        frame.setMAC(6, mac)
        if let tci = vlanTCI {
            frame.set16(12, EtherType.vlan)
            frame.set16(14, tci)
        }
        frame.set16(l2Length - 2, EtherType.arp)
        ARPPacket(frame, at: l2Length).write(
            operation: operation, senderMAC: mac, senderAddress: address.v4,
            targetMAC: operation == ARPPacket.request ? .zero : .broadcast, targetAddress: address.v4)
        return .forward
    }
}
