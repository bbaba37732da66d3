import LVSWire

/// LVS-DR: the frame goes to the real server unchanged above layer 2 (the real server owns the
/// VIP on a non-ARPing interface), so only the MAC addresses change.
public enum DirectRouting {
    /// Readdresses the frame to the real server's MAC, from the director's.
    ///
    /// `checksumPartial` marks a frame from a local sender whose transport checksum holds only
    /// the pseudo-header sum (TP_STATUS_CSUMNOTREADY): it is completed here, since nothing after
    /// the director would.
    public static func forward(
        _ frame: FrameBuffer, _ summary: PacketSummary, l2: L2Rewrite,
        checksumPartial: Bool = false
    ) -> RewriteVerdict {
        if checksumPartial { TransportChecksum.fill(frame, summary) }
        l2.apply(frame)
        return .forward
    }
}
