#if canImport(Glibc)
import Glibc
#endif
import LVSLinux

/// A frame copied out of the ring, for assertions.
struct CapturedFrame {
    var bytes: [UInt8]
    var wireLength: Int
    var status: FrameStatus
    var packetType: PacketType
    var udp: TestFrames.UDPView? { TestFrames.parseUDP(bytes) }
}

func monotonicMilliseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
}

extension PacketRing {
    /// Copies frames accepted by `keep` until `done` says enough or `timeoutMilliseconds` pass.
    func capture(timeoutMilliseconds: Int64 = 3000,
                 keep: (CapturedFrame) -> Bool = { _ in true },
                 until done: ([CapturedFrame]) -> Bool) throws -> [CapturedFrame] {
        var out: [CapturedFrame] = []
        let deadline = monotonicMilliseconds() + timeoutMilliseconds
        while !done(out), monotonicMilliseconds() < deadline {
            try waitForFrames(timeoutMilliseconds: 20)
            receive(maxBlocks: 64) { f in
                let c = CapturedFrame(bytes: Array(f.bytes), wireLength: f.wireLength, status: f.status, packetType: f.packetType)
                if keep(c) { out.append(c) }
            }
        }
        return out
    }
}
