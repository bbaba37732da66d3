import LVSLinux

extension PacketRingConfiguration {
    /// A ring of `blocks` 64 KiB blocks and `txFrames` transmit slots: tests need few frames, and
    /// several rings may be open at once.
    public static func small(_ layout: RxLayout = .blocks, blocks: Int = 8, txFrames: Int) -> PacketRingConfiguration {
        var c = PacketRingConfiguration()
        c.layout = layout
        c.blockSize = 1 << 16
        c.blockCount = blocks
        c.txFrameCount = txFrames
        return c
    }
}
