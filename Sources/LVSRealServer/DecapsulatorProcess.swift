import LVSCore
import LVSVocabulary

/// The process running a userspace decapsulator: pid and start time (so a reused pid is not
/// mistaken for it).
public struct DecapsulatorProcess: Sendable, Hashable {
    public var pid: Int32
    public var startTime: UInt64

    public init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }
}
