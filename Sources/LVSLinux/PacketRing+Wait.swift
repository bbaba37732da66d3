#if canImport(Glibc)
import Glibc
#endif

/// Sleeps until any of a worker's rings has a frame or its wake event is signalled. The poll
/// set is built once: a worker waits after nearly every frame at light load, so the wait must
/// not allocate.
public struct PacketRingPoller {
    public let rings: [PacketRing]
    private var descriptors: [pollfd]

    public init(_ rings: [PacketRing], or wake: WakeEvent? = nil) {
        self.rings = rings
        descriptors = rings.map { pollfd(fd: $0.descriptor.rawValue, events: Int16(POLLIN), revents: 0) }
        if let wake { descriptors.append(pollfd(fd: wake.descriptor.rawValue, events: Int16(POLLIN), revents: 0)) }
    }

    /// Returns true when a ring (or the wake event) is ready, false on timeout.
    @discardableResult
    public mutating func wait(timeoutMilliseconds: Int32) throws(SystemCallError) -> Bool {
        for ring in rings where ring.frameReady { return true }
        guard !descriptors.isEmpty else { return false }
        let n = try systemCall("poll(AF_PACKET rings, POLLIN)") {
            descriptors.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), timeoutMilliseconds) }
        }
        return n > 0
    }
}

extension PacketRing {
    /// Waits until any of `rings` has a frame (or `wake` is signalled), or the timeout passes
    /// (one-off waits; a loop keeps a `PacketRingPoller`). Returns false on timeout.
    @discardableResult
    public static func waitForAny(
        _ rings: [PacketRing], or wake: WakeEvent? = nil,
        timeoutMilliseconds: Int32
    ) throws(SystemCallError) -> Bool {
        var poller = PacketRingPoller(rings, or: wake)
        return try poller.wait(timeoutMilliseconds: timeoutMilliseconds)
    }
}
