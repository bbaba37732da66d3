import LVSCore

/// A command line ipvsadm refuses before talking to the kernel: the exact text it writes to
/// stderr (newline included) and its exit status.
public struct IPVSAdmUsageError: Error, Hashable, Sendable {
    public var message: String
    public var exitCode: Int32
    public init(message: String, exitCode: Int32) {
        self.message = message
        self.exitCode = exitCode
    }
}
