/// The tp_status bits of a received frame.
public struct FrameStatus: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The frame was truncated to the slot (TP_STATUS_COPY).
    public static let truncated = FrameStatus(rawValue: 1 << 1)
    /// The ring dropped frames since the last statistics read (TP_STATUS_LOSING).
    public static let losing = FrameStatus(rawValue: 1 << 2)
    /// CHECKSUM_PARTIAL: the L4 checksum field holds only the pseudo-header sum; whoever
    /// forwards the frame must complete it (TP_STATUS_CSUMNOTREADY). Typical for frames from
    /// local senders on veth with tx checksum offload on.
    public static let checksumNotReady = FrameStatus(rawValue: 1 << 3)
    /// `vlanTCI` holds a tag the NIC stripped (TP_STATUS_VLAN_VALID).
    public static let vlanValid = FrameStatus(rawValue: 1 << 4)
    /// `vlanTPID` is valid (TP_STATUS_VLAN_TPID_VALID).
    public static let vlanTPIDValid = FrameStatus(rawValue: 1 << 6)
    /// The device verified the checksum (TP_STATUS_CSUM_VALID).
    public static let checksumValid = FrameStatus(rawValue: 1 << 7)
}
