import CLVSLinux

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
