/// Counters from PACKET_STATISTICS; the kernel resets them on each read.
public struct PacketRingStatistics: Sendable, Equatable {
    /// Frames the socket saw (including drops).
    public var packets: UInt32
    /// Frames dropped because the ring had no room.
    public var drops: UInt32
    /// How many times the ring filled up (no free block).
    public var freezes: UInt32
}
