#if canImport(Glibc)
import Glibc
#endif

extension PacketRing {
    /// Waits until any of `rings` has a retired rx block, or the timeout passes. A worker with
    /// rings on several interfaces sleeps here once instead of polling each in turn.
    /// Returns false on timeout.
    @discardableResult
    public static func waitForAny(_ rings: [PacketRing], timeoutMilliseconds: Int32) throws(SystemCallError) -> Bool {
        guard !rings.isEmpty else { return false }
        if rings.count == 1 { return try rings[0].waitForFrames(timeoutMilliseconds: timeoutMilliseconds) }
        var fds = rings.map { pollfd(fd: $0.descriptor.rawValue, events: Int16(POLLIN), revents: 0) }
        let n = try systemCall("poll(AF_PACKET x\(rings.count), POLLIN)") {
            fds.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), timeoutMilliseconds) }
        }
        return n > 0
    }
}
