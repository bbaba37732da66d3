/// Sizes and socket options of a `PacketRing`.
public struct PacketRingConfiguration: Sendable, Equatable {
    /// How received frames are laid out in the rx ring.
    public enum RxLayout: Sendable, Equatable {
        /// TPACKET_V3: frames packed into blocks; a block reaches user space when full or when
        /// its retire timer fires. Cheapest per frame, but at light load every frame waits for
        /// the timer (at least one jiffy: 4 ms at HZ=250). For capture and bulk receive.
        case blocks
        /// TPACKET_V2: one fixed-size slot per frame, user space woken per frame. Frames larger
        /// than a slot (GSO/GRO super-frames) still arrive whole: the kernel queues a full copy
        /// on the socket (PACKET_COPY_THRESH) and `receive` reads it. For forwarding, where
        /// every millisecond is added to every packet.
        case frames
    }

    public var layout: RxLayout = .blocks
    /// Bytes per rx block; a multiple of the page size. Frames are packed into blocks and a
    /// block is handed to user space whole, when full or when `retireTimeoutMilliseconds` passes.
    public var blockSize: Int = 1 << 18
    public var blockCount: Int = 32
    /// The rx frame slot (header + data). With `.blocks` it is only the geometry the kernel
    /// wants (TPACKET_V3 packs frames by their real size; only a frame larger than a block is
    /// cut short, flagged `.truncated`). With `.frames` it is each frame's slot: larger frames
    /// take the slower copy path.
    public var rxFrameSize: Int = 2048
    /// (`.blocks` only) How long a partly filled block waits before the kernel retires it to user space.
    public var retireTimeoutMilliseconds: UInt32 = 4
    /// (`.blocks` only) Ask the kernel to fill in the flow hash of each frame (`ReceivedFrame.rxHash`).
    public var fillRxHash: Bool = true

    /// Tx slots; 0 means no tx ring (the socket can still send with `sendCopy`).
    public var txFrameCount: Int = 1024
    /// Bytes per tx slot including the 48-byte TPACKET_V3 header.
    public var txFrameSize: Int = 2048
    /// Skip the qdisc layer on transmit (PACKET_QDISC_BYPASS): faster, but bypasses traffic
    /// control and does not requeue when the driver is busy.
    public var qdiscBypass: Bool = false

    /// PACKET_IGNORE_OUTGOING: do not receive frames sent out of the interface (our own
    /// transmissions, and the kernel's).
    public var ignoreOutgoing: Bool = true
    /// Put the interface in promiscuous mode for as long as the socket is open
    /// (PACKET_MR_PROMISC membership; released by the kernel when the socket closes).
    public var promiscuous: Bool = false
    /// Join a fanout group after binding.
    public var fanout: PacketFanout? = nil

    public init() {}
}
