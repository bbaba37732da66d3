/// A PACKET_FANOUT group: sockets bound to the same interface with the same group id share its
/// frames, each frame going to exactly one member.
public struct PacketFanout: Sendable, Equatable {
    public enum Mode: UInt16, Sendable {
        /// By flow hash: every frame of one flow goes to the same member (PACKET_FANOUT_HASH).
        case hash = 0
        /// Round robin (PACKET_FANOUT_LB).
        case loadBalance = 1
        /// By receiving CPU (PACKET_FANOUT_CPU).
        case cpu = 2
        /// Random member (PACKET_FANOUT_RND).
        case random = 4
        /// By the NIC's recorded rx queue (PACKET_FANOUT_QM).
        case queueMapping = 5
        /// By a classic BPF program's return value modulo the member count
        /// (PACKET_FANOUT_CBPF); members are numbered in the order they joined.
        case classicBPF = 6
    }

    /// The group id; groups are per network namespace.
    public var groupID: UInt16
    public var mode: Mode
    /// Reassemble IPv4 fragments before hashing, so all fragments reach one member
    /// (PACKET_FANOUT_FLAG_DEFRAG).
    public var defragment: Bool
    /// Move frames to another member when the chosen one's ring is full (PACKET_FANOUT_FLAG_ROLLOVER).
    /// Breaks flow affinity under load; off by default.
    public var rollover: Bool
    /// The steering program for `.classicBPF` (set by every member; the group keeps the last).
    public var program: [ClassicBPFInstruction]

    public init(
        groupID: UInt16, mode: Mode = .hash, defragment: Bool = false, rollover: Bool = false,
        program: [ClassicBPFInstruction] = []
    ) {
        self.groupID = groupID
        self.mode = mode
        self.defragment = defragment
        self.rollover = rollover
        self.program = program
    }

    /// The setsockopt(PACKET_FANOUT) argument: id in the low 16 bits, mode and flags above.
    var socketOptionValue: Int32 {
        var typeFlags = UInt32(mode.rawValue)
        if defragment { typeFlags |= 0x8000 }
        if rollover { typeFlags |= 0x1000 }
        return Int32(bitPattern: UInt32(groupID) | typeFlags << 16)
    }
}
