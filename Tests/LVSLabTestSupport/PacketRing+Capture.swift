import LVSLinux

extension PacketRing {
    /// Copies frames accepted by `keep` until `done` says enough or `timeoutMilliseconds` pass.
    public func capture(
        timeoutMilliseconds: Int64 = 3000,
        keep: (CapturedFrame) -> Bool = { _ in true },
        until done: ([CapturedFrame]) -> Bool
    ) throws -> [CapturedFrame] {
        var out: [CapturedFrame] = []
        let deadline = MonotonicClock.now().milliseconds + timeoutMilliseconds
        while !done(out), MonotonicClock.now().milliseconds < deadline {
            try waitForFrames(timeoutMilliseconds: 20)
            receive(maxBlocks: 64) { f in
                let c = CapturedFrame(
                    bytes: Array(f.bytes), wireLength: f.wireLength, status: f.status,
                    packetType: f.packetType)
                if keep(c) { out.append(c) }
            }
        }
        return out
    }

    /// The values `keep` makes of frames (nil: not wanted), until `count` were kept or time is up.
    public func collect<T>(count: Int, timeoutMilliseconds: Int64 = 10_000, _ keep: ([UInt8]) -> T?) throws -> [T] {
        var values: [T] = []
        _ = try capture(
            timeoutMilliseconds: timeoutMilliseconds,
            keep: { frame in
                guard let value = keep(frame.bytes) else { return false }
                values.append(value)
                return true
            }, until: { _ in values.count >= count })
        return values
    }
}
