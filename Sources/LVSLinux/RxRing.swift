/// A packet ring's receive side, in the layout it was opened with: TPACKET_V3 blocks (the kernel
/// hands over a block of frames at a time) or TPACKET_V2 frame slots (one frame at a time).
enum RxRing {
    case blocks(RxBlockRing)
    case frames(RxFrameRing)
}
