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
    /// Who the frame was addressed to, from the kernel's sockaddr_ll.
    public let packetType: PacketType
    /// The kernel's flow hash (when the ring was configured with `fillRxHash`).
    public let rxHash: UInt32
    /// The stripped 802.1Q tag control information, when `status` has `.vlanValid`.
    public let vlanTCI: UInt16
    public let vlanTPID: UInt16
    public let seconds: UInt32
    public let nanoseconds: UInt32

    public var checksumNotReady: Bool { status.contains(.checksumNotReady) }
}

/// sll_pkttype: the kernel's verdict on a frame's destination address.
public struct PacketType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Unicast to this interface's MAC (PACKET_HOST).
    public static let host = PacketType(rawValue: 0)
    public static let broadcast = PacketType(rawValue: 1)
    public static let multicast = PacketType(rawValue: 2)
    /// Unicast to another MAC, seen in promiscuous mode (PACKET_OTHERHOST).
    public static let otherHost = PacketType(rawValue: 3)
    /// Sent by this host (only without PACKET_IGNORE_OUTGOING).
    public static let outgoing = PacketType(rawValue: 4)

    public var description: String {
        switch rawValue {
        case 0: "host"
        case 1: "broadcast"
        case 2: "multicast"
        case 3: "otherhost"
        case 4: "outgoing"
        default: "type\(rawValue)"
        }
    }
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
