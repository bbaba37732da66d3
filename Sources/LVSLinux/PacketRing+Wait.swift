#if canImport(Glibc)
import Glibc
#endif

extension PacketRing {
    /// Waits until any of `rings` has a frame (or `wake` is signalled), or the timeout passes. A
    /// worker with rings on several interfaces sleeps here once instead of polling each in turn.
    /// Returns false on timeout.
    @discardableResult
    public static func waitForAny(_ rings: [PacketRing], or wake: WakeEvent? = nil,
                                  timeoutMilliseconds: Int32) throws(SystemCallError) -> Bool {
        guard !rings.isEmpty else { return false }
        if rings.count == 1 && wake == nil { return try rings[0].waitForFrames(timeoutMilliseconds: timeoutMilliseconds) }
        if rings.contains(where: \.frameReady) { return true }
        var fds = rings.map { pollfd(fd: $0.descriptor.rawValue, events: Int16(POLLIN), revents: 0) }
        if let wake { fds.append(pollfd(fd: wake.descriptor.rawValue, events: Int16(POLLIN), revents: 0)) }
        let n = try systemCall("poll(AF_PACKET x\(rings.count), POLLIN)") {
            fds.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), timeoutMilliseconds) }
        }
        return n > 0
    }
}
