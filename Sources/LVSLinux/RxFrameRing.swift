import CLVSLinux

/// The rx half of a TPACKET_V2 mapping (`RxLayout.frames`): fixed-size frame slots, each handed
/// back and forth with the kernel through its own tp_status word. The kernel wakes a poller per
/// frame, so a frame is seen microseconds after it arrives (a V3 block waits for its retire
/// timer, whole milliseconds at HZ=250, when traffic is light).
struct RxFrameRing {
    let base: UnsafeMutableRawPointer
    let blockSize: Int
    let frameSize: Int
    let framesPerBlock: Int
    let frameCount: Int
    /// The slot the kernel fills next (slots are filled in order).
    private(set) var current = 0

    init(base: UnsafeMutableRawPointer, blockSize: Int, frameSize: Int, blockCount: Int) {
        self.base = base
        self.blockSize = blockSize
        self.frameSize = frameSize
        framesPerBlock = blockSize / frameSize
        frameCount = framesPerBlock * blockCount
    }

    @inline(__always)
    private func slot(_ i: Int) -> UnsafeMutableRawPointer {
        base + (i / framesPerBlock) &* blockSize + (i % framesPerBlock) &* frameSize
    }

    var currentFrameReady: Bool { frameReady(ahead: 0) }

    /// Whether the frame `n` slots after the current one is the user's (the kernel fills slots
    /// in order, so the ready ones from the current slot on are a run).
    @inline(__always)
    func frameReady(ahead n: Int) -> Bool {
        n < frameCount
            && clvs_load_acquire_u32(slot((current &+ n) % frameCount) + CLVS_TP2_STATUS) & UInt32(TP_STATUS_USER) != 0
    }

    /// The current (ready) frame, viewed in place.
    @inline(__always)
    func currentFrame() -> ReceivedFrame { frame(ahead: 0) }

    /// The (ready) frame `n` slots after the current one, viewed in place. Offsets come from the
    /// kernel; one that would reach past the slot yields an empty frame rather than an
    /// out-of-bounds view.
    @inline(__always)
    func frame(ahead n: Int) -> ReceivedFrame {
        let h = slot((current &+ n) % frameCount)
        var snap = Int(h.load(fromByteOffset: CLVS_TP2_SNAPLEN, as: UInt32.self))
        let mac = Int(h.load(fromByteOffset: CLVS_TP2_MAC, as: UInt16.self))
        if mac &+ snap > frameSize || mac > frameSize { snap = 0 }
        return ReceivedFrame(
            bytes: UnsafeMutableRawBufferPointer(start: h + min(mac, frameSize), count: snap),
            wireLength: Int(h.load(fromByteOffset: CLVS_TP2_LEN, as: UInt32.self)),
            status: FrameStatus(rawValue: h.load(fromByteOffset: CLVS_TP2_STATUS, as: UInt32.self)),
            packetType: PacketType(rawValue: h.load(fromByteOffset: CLVS_TP2_SLL + CLVS_SLL_PKTTYPE, as: UInt8.self)),
            rxHash: 0,
            vlanTCI: h.load(fromByteOffset: CLVS_TP2_VLAN_TCI, as: UInt16.self),
            vlanTPID: h.load(fromByteOffset: CLVS_TP2_VLAN_TPID, as: UInt16.self),
            seconds: h.load(fromByteOffset: CLVS_TP2_SEC, as: UInt32.self),
            nanoseconds: h.load(fromByteOffset: CLVS_TP2_NSEC, as: UInt32.self))
    }

    /// Gives the current frame back to the kernel and moves on to the next.
    @inline(__always)
    mutating func releaseCurrentFrame() {
        clvs_store_release_u32(slot(current) + CLVS_TP2_STATUS, UInt32(TP_STATUS_KERNEL))
        current = current &+ 1 == frameCount ? 0 : current &+ 1
    }
}
