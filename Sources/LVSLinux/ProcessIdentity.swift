#if canImport(Glibc)
import Glibc
#endif

/// A process told apart from later processes that reuse its pid: the pid plus its start time
/// (field 22 of /proc/PID/stat, in clock ticks since boot).
public struct ProcessIdentity: Sendable, Hashable, CustomStringConvertible {
    public let pid: Int32
    public let startTime: UInt64

    public init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// This process.
    public static var current: ProcessIdentity? { of(pid: getpid()) }

    /// The process now running as `pid`, if any.
    public static func of(pid: Int32) -> ProcessIdentity? {
        guard pid > 0, let stat = try? TextFile.read("/proc/\(pid)/stat") else { return nil }
        // The command name (field 2) is in parentheses and may contain spaces or ')':
        // the fields after the last ')' are plain numbers.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state), so field 22 is fields[19].
        guard fields.count > 19, let start = UInt64(fields[19]) else { return nil }
        return ProcessIdentity(pid: pid, startTime: start)
    }

    /// Whether this very process is still running (not a zombie).
    public var isRunning: Bool {
        guard ProcessIdentity.of(pid: pid) == self,
            let stat = try? TextFile.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    /// Sends `signal` if this process is still running; false if it is gone.
    @discardableResult
    public func send(signal: Int32) -> Bool {
        isRunning && kill(pid, signal) == 0
    }

    public var description: String { "\(pid)" }
}
