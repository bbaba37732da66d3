import LVSCore
import LVSWire
import LVSVocabulary

/// The kernel's IPVS decrements the TTL (hop limit) of every packet it sends to another host,
/// in all three forwarding methods (ip_vs_xmit.c decrement_ttl), and answers "time exceeded"
/// when it runs out. Call this before the rewrite to behave the same; DR/NAT/TUN themselves
/// leave the TTL alone.
public enum HopLimit {
    /// Decrements the TTL (fixing the IPv4 checksum incrementally) and answers `.forward`; when
    /// the TTL is already 1 or 0, turns the frame into ICMP time exceeded and answers `.reply`.
    public static func decrement(_ frame: inout FrameBuffer, _ s: PacketSummary, sourceMAC: MACAddress) -> RewriteVerdict {
        if s.hopLimit <= 1 {
            return ICMPErrorReply.build(&frame, s, kind: .timeExceeded, sourceMAC: sourceMAC, dropReason: .hopLimitExceeded)
        }
        decrementAlive(frame, s)
        return .forward
    }

    /// The decrement alone, for a caller that has already handled a TTL of 1 or 0.
    @inline(__always)
    public static func decrementAlive(_ frame: FrameBuffer, _ s: PacketSummary) {
        guard s.hopLimit > 1 else { return }
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
