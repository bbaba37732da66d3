import LVSCore
import LVSVocabulary
import LVSWire

/// Address writes shared by the NAT and ICMP rewriters.
enum IPAddressRewrite {
    /// Writes the source or destination address of the IP header at `l3Offset`, updating the
    /// IPv4 header checksum (IPv6 has none).
    static func set(_ frame: FrameBuffer, l3Offset: Int, sourceSide: Bool, old: InetAddress, new: InetAddress) {
        if new.isV4 {
            let ip = IPv4Header(frame, at: l3Offset)
            if sourceSide { ip.rewriteSource(new.v4) } else { ip.rewriteDestination(new.v4) }
        } else {
            frame.setAddress(l3Offset + (sourceSide ? 8 : 24), new)
        }
    }
}
