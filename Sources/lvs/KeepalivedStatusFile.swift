import LVSKeepalived
import LVSLinux
import Synchronization

/// The status file `lvs keepalived --status` prints: the checkers' part and the VRRP
/// instances' part, each replaced by its owner, written whole on every change. The checkers'
/// last status is kept for the metrics.
final class KeepalivedStatusFile: Sendable {
    let path: String
    private let parts = Mutex<(checkers: String, vrrp: String)>(("", ""))
    private let checkerStatus = Mutex<KeepalivedStatus?>(nil)

    init(path: String) {
        self.path = path
    }

    /// The checkers' status as last published (nil before they start).
    var checkers: KeepalivedStatus? { checkerStatus.withLock { $0 } }

    func setCheckers(_ status: KeepalivedStatus) {
        checkerStatus.withLock { $0 = status }
        parts.withLock { parts in
            parts.checkers = status.text
            write(parts)
        }
    }

    func setVRRP(_ text: String) {
        parts.withLock { parts in
            parts.vrrp = text
            write(parts)
        }
    }

    /// Under the lock: two writers must not interleave on the file's temporary copy.
    private func write(_ parts: (checkers: String, vrrp: String)) {
        try? TextFile.writeAtomically(path, parts.checkers + parts.vrrp)
    }
}
