import Synchronization

/// The process group of a started script, known once it has started; shared between the task
/// that waits for the script and the one that kills it at the deadline.
final class LaunchedProcessGroup: Sendable {
    private let leader = Mutex<Int32?>(nil)

    func record(_ pid: Int32) {
        leader.withLock { $0 = pid }
    }

    var id: Int32? {
        leader.withLock { $0 }
    }
}
