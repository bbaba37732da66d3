import Synchronization

/// Lines the control hooks of a test saw, in order.
final class RecordedHooks: Sendable {
    private let recorded = Mutex<[String]>([])
    func add(_ line: String) { recorded.withLock { $0.append(line) } }
    var lines: [String] { recorded.withLock { $0 } }
}
