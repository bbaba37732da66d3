import CLVSLinux

/// The rx half of a TPACKET_V3 mapping (`RxLayout.blocks`): `count` blocks of `size` bytes, handed back and forth
/// with the kernel through each block's block_status word. All pointer arithmetic on rx blocks
/// lives here.
struct RxBlockRing {
    let base: UnsafeMutableRawPointer
    let blockSize: Int
    let blockCount: Int
    /// The block we expect the kernel to retire next (blocks are retired in order).
    private(set) var current = 0

    init(base: UnsafeMutableRawPointer, blockSize: Int, blockCount: Int) {
        self.base = base
        self.blockSize = blockSize
        self.blockCount = blockCount
    }

    private var block: UnsafeMutableRawPointer { base + current &* blockSize }

    /// Whether the current block has been retired to user space.
    var currentBlockReady: Bool {
        clvs_load_acquire_u32(block + CLVS_BD_BLOCK_STATUS) & UInt32(TP_STATUS_USER) != 0
    }

    /// Calls `body` for every frame of the current (ready) block. Offsets come from the kernel;
    /// a frame that would reach past the block ends the walk rather than reading out of bounds.
    @inline(__always)
    func forEachFrame(_ body: (ReceivedFrame) throws -> Void) rethrows -> Int {
        let block = self.block
        let count = Int(block.load(fromByteOffset: CLVS_BD_NUM_PKTS, as: UInt32.self))
        var offset = Int(block.load(fromByteOffset: CLVS_BD_FIRST_PKT, as: UInt32.self))
        var seen = 0
        while seen < count {
            guard offset >= 0, offset &+ CLVS_TPACKET3_HDRLEN <= blockSize else { break }
            let h = block + offset
            let snap = Int(h.load(fromByteOffset: CLVS_TP3_SNAPLEN, as: UInt32.self))
            let mac = Int(h.load(fromByteOffset: CLVS_TP3_MAC, as: UInt16.self))
            guard offset &+ mac &+ snap <= blockSize else { break }
            let frame = ReceivedFrame(
                bytes: UnsafeMutableRawBufferPointer(start: h + mac, count: snap),
                wireLength: Int(h.load(fromByteOffset: CLVS_TP3_LEN, as: UInt32.self)),
                status: FrameStatus(rawValue: h.load(fromByteOffset: CLVS_TP3_STATUS, as: UInt32.self)),
                packetType: PacketType(rawValue: h.load(fromByteOffset: CLVS_TP3_SLL + CLVS_SLL_PKTTYPE, as: UInt8.self)),
                rxHash: h.load(fromByteOffset: CLVS_TP3_RXHASH, as: UInt32.self),
                vlanTCI: UInt16(truncatingIfNeeded: h.load(fromByteOffset: CLVS_TP3_VLAN_TCI, as: UInt32.self)),
                vlanTPID: h.load(fromByteOffset: CLVS_TP3_VLAN_TPID, as: UInt16.self),
                seconds: h.load(fromByteOffset: CLVS_TP3_SEC, as: UInt32.self),
                nanoseconds: h.load(fromByteOffset: CLVS_TP3_NSEC, as: UInt32.self))
            try body(frame)
            seen &+= 1
            let next = Int(h.load(fromByteOffset: CLVS_TP3_NEXT_OFFSET, as: UInt32.self))
            if next == 0 { break }
            offset &+= next
        }
        return seen
    }

    /// Gives the current block back to the kernel and moves on to the next.
    mutating func releaseCurrentBlock() {
        clvs_store_release_u32(block + CLVS_BD_BLOCK_STATUS, UInt32(TP_STATUS_KERNEL))
        current = current &+ 1 == blockCount ? 0 : current &+ 1
    }
}

/// Where a tx slot's header fields sit: a tpacket3_hdr (TPACKET_V3) or a tpacket2_hdr (V2).
struct TxSlotLayout {
    let status: Int
    let length: Int
    let snapLength: Int
    /// tp_next_offset, which V3 wants zero in a tx slot; V2 has none.
    let nextOffset: Int?
    let dataOffset: Int

    static let v3 = TxSlotLayout(status: CLVS_TP3_STATUS, length: CLVS_TP3_LEN, snapLength: CLVS_TP3_SNAPLEN,
                                 nextOffset: CLVS_TP3_NEXT_OFFSET, dataOffset: Int(clvs_tpacket3_data_offset()))
    static let v2 = TxSlotLayout(status: CLVS_TP2_STATUS, length: CLVS_TP2_LEN, snapLength: CLVS_TP2_SNAPLEN,
                                 nextOffset: nil, dataOffset: Int(clvs_tpacket2_data_offset()))
}

/// The tx half: fixed-size slots, each a frame header followed by frame data. A slot is ours
/// when its tp_status is TP_STATUS_AVAILABLE (or WRONG_FORMAT, a rejected frame).
struct TxSlotRing {
    let base: UnsafeMutableRawPointer
    let blockSize: Int
    let slotSize: Int
    let slotsPerBlock: Int
    let slotCount: Int
    let layout: TxSlotLayout
    private(set) var next = 0
    /// Frames marked SEND_REQUEST since the last kick.
    var pending = 0
    /// Frames the kernel rejected as malformed (seen when their slot came round again).
    private(set) var rejected: UInt64 = 0

    init(base: UnsafeMutableRawPointer, blockSize: Int, slotSize: Int, blockCount: Int, layout: TxSlotLayout) {
        self.base = base
        self.blockSize = blockSize
        self.slotSize = slotSize
        self.layout = layout
        slotsPerBlock = blockSize / slotSize
        slotCount = slotsPerBlock * blockCount
    }

    var capacity: Int { slotSize - layout.dataOffset }

    /// Slots sit `slotsPerBlock` to a block; a block's tail past the last whole slot is unused.
    private func slot(_ i: Int) -> UnsafeMutableRawPointer {
        base + (i / slotsPerBlock) &* blockSize + (i % slotsPerBlock) &* slotSize
    }

    /// Lets `fill` write a frame into the next free slot and queues it; returns false when the
    /// ring is full or `fill` returns a length outside 1...capacity (nothing queued then).
    @inline(__always)
    mutating func enqueue(_ fill: (UnsafeMutableRawBufferPointer) throws -> Int) rethrows -> Bool {
        let s = slot(next)
        let statusPointer = s + layout.status
        let status = clvs_load_acquire_u32(statusPointer)
        if status & UInt32(TP_STATUS_SEND_REQUEST | TP_STATUS_SENDING) != 0 { return false }
        if status & UInt32(TP_STATUS_WRONG_FORMAT) != 0 { rejected &+= 1 }
        let length = try fill(UnsafeMutableRawBufferPointer(start: s + layout.dataOffset, count: capacity))
        guard length > 0, length <= capacity else { return false }
        if let nextOffset = layout.nextOffset { s.storeBytes(of: UInt32(0), toByteOffset: nextOffset, as: UInt32.self) }
        s.storeBytes(of: UInt32(length), toByteOffset: layout.length, as: UInt32.self)
        s.storeBytes(of: UInt32(length), toByteOffset: layout.snapLength, as: UInt32.self)
        clvs_store_release_u32(statusPointer, UInt32(TP_STATUS_SEND_REQUEST))
        next = next &+ 1 == slotCount ? 0 : next &+ 1
        pending &+= 1
        return true
    }
}
