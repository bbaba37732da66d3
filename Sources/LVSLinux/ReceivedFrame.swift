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
