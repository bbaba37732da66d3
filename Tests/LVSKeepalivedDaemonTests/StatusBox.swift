import Synchronization

/// The last status text the daemon published.
final class StatusBox: Sendable {
    private let text = Mutex("")
    func set(_ value: String) { text.withLock { $0 = value } }
    var value: String { text.withLock { $0 } }
}
