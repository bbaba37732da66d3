import LVSCore
import NIOCore
import Synchronization

/// The request lines of one control connection waiting to be served, and the parts of the
/// batch it is sending: lines are served one at a time, oldest first, by whichever pool thread
/// the first of them started (so answers keep the requests' order).
final class ControlLineQueue: Sendable {
    private struct State {
        var lines: [ByteBuffer] = []
        var serving = false
        var batch: [AdminOperation] = []
    }

    private let state = Mutex(State())

    /// Queues a line; true when nobody serves the queue yet and the caller must start `drain`.
    func append(_ line: ByteBuffer) -> Bool {
        state.withLock { s in
            s.lines.append(line)
            defer { s.serving = true }
            return !s.serving
        }
    }

    /// Serves lines until none is left.
    func drain(_ serve: (ByteBuffer, inout [AdminOperation]) -> Void) {
        while var (line, batch) = state.withLock({ s -> (ByteBuffer, [AdminOperation])? in
            guard !s.lines.isEmpty else {
                s.serving = false
                return nil
            }
            defer { s.batch = [] }
            return (s.lines.removeFirst(), s.batch)
        }) {
            serve(line, &batch)
            state.withLock { $0.batch = batch }
        }
    }
}
