import LVSLabTestSupport
import LVSLinux

extension CapturedFrame {
    var udp: TestFrames.UDPView? { TestFrames.parseUDP(bytes) }
}

func monotonicMilliseconds() -> Int64 { MonotonicClock.now().milliseconds }
