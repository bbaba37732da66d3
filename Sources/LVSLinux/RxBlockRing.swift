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
        try forEachFrame(lookahead: 0, ahead: { _ in }, body)
    }

    /// As `forEachFrame`, in groups of `lookahead` frames: `ahead` sees each frame of a group,
    /// then `body` does (the director looks up each frame's connection in `ahead`, so that the
    /// cache misses of a group's lookups overlap instead of following one another).
    @inline(__always)
    func forEachFrame(
        lookahead: Int, ahead: (ReceivedFrame) -> Void, _ body: (ReceivedFrame) throws -> Void
    ) rethrows -> Int {
        let block = self.block
        let count = Int(block.load(fromByteOffset: CLVS_BD_NUM_PKTS, as: UInt32.self))
        var offset = Int(block.load(fromByteOffset: CLVS_BD_FIRST_PKT, as: UInt32.self))
        var seen = 0
        while seen < count {
            var aheadOffset = offset
            var grouped = 0
            while grouped < lookahead, seen &+ grouped < count, let (frame, next) = frame(in: block, at: aheadOffset) {
                ahead(frame)
                grouped &+= 1
                aheadOffset = next
                if next == 0 { break }
            }
            let groupEnd = seen &+ max(grouped, 1)
            while seen < groupEnd {
                guard let (frame, next) = frame(in: block, at: offset) else { return seen }
                try body(frame)
                seen &+= 1
                if next == 0 { return seen }
                offset = next
            }
        }
        return seen
    }

    /// The frame at `offset` in `block` and the next frame's offset (0: none), or nil when the
    /// kernel's offsets would reach past the block.
    @inline(__always)
    private func frame(in block: UnsafeMutableRawPointer, at offset: Int) -> (ReceivedFrame, Int)? {
        guard offset > 0, offset &+ CLVS_TPACKET3_HDRLEN <= blockSize else { return nil }
        let h = block + offset
        let snap = Int(h.load(fromByteOffset: CLVS_TP3_SNAPLEN, as: UInt32.self))
        let mac = Int(h.load(fromByteOffset: CLVS_TP3_MAC, as: UInt16.self))
        guard offset &+ mac &+ snap <= blockSize else { return nil }
        let frame = ReceivedFrame(
            bytes: UnsafeMutableRawBufferPointer(start: h + mac, count: snap),
            wireLength: Int(h.load(fromByteOffset: CLVS_TP3_LEN, as: UInt32.self)),
            status: FrameStatus(rawValue: h.load(fromByteOffset: CLVS_TP3_STATUS, as: UInt32.self)),
            packetType: PacketType(
                rawValue: h.load(fromByteOffset: CLVS_TP3_SLL + CLVS_SLL_PKTTYPE, as: UInt8.self)),
            rxHash: h.load(fromByteOffset: CLVS_TP3_RXHASH, as: UInt32.self),
            vlanTCI: UInt16(truncatingIfNeeded: h.load(fromByteOffset: CLVS_TP3_VLAN_TCI, as: UInt32.self)),
            vlanTPID: h.load(fromByteOffset: CLVS_TP3_VLAN_TPID, as: UInt16.self),
            seconds: h.load(fromByteOffset: CLVS_TP3_SEC, as: UInt32.self),
            nanoseconds: h.load(fromByteOffset: CLVS_TP3_NSEC, as: UInt32.self))
        let next = Int(h.load(fromByteOffset: CLVS_TP3_NEXT_OFFSET, as: UInt32.self))
        return (frame, next == 0 ? 0 : offset &+ next)
    }

    /// Gives the current block back to the kernel and moves on to the next.
    mutating func releaseCurrentBlock() {
        clvs_store_release_u32(block + CLVS_BD_BLOCK_STATUS, UInt32(TP_STATUS_KERNEL))
        current = current &+ 1 == blockCount ? 0 : current &+ 1
    }
}
