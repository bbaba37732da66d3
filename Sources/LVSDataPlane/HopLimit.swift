import LVSCore
import LVSVocabulary
import LVSWire

/// The kernel's IPVS decrements the TTL (hop limit) of every packet it sends to another host,
/// in all three forwarding methods (ip_vs_xmit.c decrement_ttl), and answers "time exceeded"
/// when it runs out. The director does the same before every rewrite; DR/NAT/TUN themselves
/// leave the TTL alone.
public enum HopLimit {
    /// Whether the packet dies here: a TTL (hop limit) of 1 or 0 is not decremented and
    /// forwarded; the sender gets ICMP time exceeded instead (`ICMPErrorReply`), or nothing for
    /// an ICMP error or a reply.
    @inline(__always)
    public static func expires(_ s: PacketSummary) -> Bool { s.hopLimit <= 1 }

    /// Decrements the TTL (fixing the IPv4 checksum incrementally) of a packet that does not
    /// `expire`; the caller has handled one that does.
    @inline(__always)
    public static func decrementAlive(_ frame: FrameBuffer, _ s: PacketSummary) {
        guard !expires(s) else { return }
        if s.family == .inet {
            let ip = IPv4Header(frame, at: s.l3Offset)
            // TTL is the high byte of the 16-bit word it shares with the protocol.
            let old = UInt16(s.hopLimit) << 8 | UInt16(s.ipProtocol)
            ip.timeToLive = s.hopLimit - 1
            ip.checksum = InternetChecksum.update(ip.checksum, old: old, new: old - 0x100)
        } else {
            IPv6Header(frame, at: s.l3Offset).hopLimit = s.hopLimit - 1
        }
    }
}
