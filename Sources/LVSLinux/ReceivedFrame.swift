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

/// One frame inside a retired rx block, viewed in place.
///
/// `bytes` points into the ring and is valid only inside the `receive` closure that produced
/// it; rewriting it in place is allowed (the block belongs to user space until released).
public struct ReceivedFrame {
    /// The captured bytes from the Ethernet header on (tp_snaplen of them).
    public let bytes: UnsafeMutableRawBufferPointer
    /// The frame's length on the wire; larger than `bytes.count` when truncated.
    public let wireLength: Int
    public let status: FrameStatus
    /// PACKET_HOST, PACKET_BROADCAST, PACKET_MULTICAST, PACKET_OTHERHOST, PACKET_OUTGOING.
    public let packetType: UInt8
    /// The kernel's flow hash (when the ring was configured with `fillRxHash`).
    public let rxHash: UInt32
    /// The stripped 802.1Q tag control information, when `status` has `.vlanValid`.
    public let vlanTCI: UInt16
    public let vlanTPID: UInt16
    public let seconds: UInt32
    public let nanoseconds: UInt32

    public var checksumNotReady: Bool { status.contains(.checksumNotReady) }
}

/// Counters from PACKET_STATISTICS; the kernel resets them on each read.
public struct PacketRingStatistics: Sendable, Equatable {
    /// Frames the socket saw (including drops).
    public var packets: UInt32
    /// Frames dropped because the ring had no room.
    public var drops: UInt32
    /// How many times the ring filled up (no free block).
    public var freezes: UInt32
}
