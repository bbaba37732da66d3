import LVSLinux
import LVSVocabulary
import LVSWire

#if canImport(Glibc)
import Glibc
#endif

/// A host of a lab: a network namespace with its interfaces.
public struct LabHost: Sendable, Equatable {
    public let name: String
    public let namespace: NetworkNamespace
    public let interfaces: [LabInterface]

    public func interface(_ name: String) -> LabInterface? {
        interfaces.first { $0.name == name }
    }

    /// The first interface (eth0 in the standard topologies).
    public var primary: LabInterface { interfaces[0] }

    /// Runs `body` on a thread inside this host's namespace: sockets, rings and TUN devices it
    /// opens stay in the namespace and may be used from any thread afterwards.
    public func run<R>(_ body: () throws -> R) throws -> R {
        try namespace.run(body)
    }

    /// Runs a program inside the namespace (`ip netns exec`) to completion.
    public func exec(_ argv: [String], input: [UInt8] = []) throws -> ProcessOutput {
        try Subprocess.run(["ip", "netns", "exec", namespace.name] + argv, input: input)
    }

    /// Like `exec`, but throws with the program's stderr on a non-zero exit; returns stdout.
    @discardableResult
    public func execChecked(_ argv: [String]) throws -> String {
        try NetworkCommand.run(["ip", "netns", "exec", namespace.name] + argv)
    }

    /// Starts a program inside the namespace in the background. The lab's `destroy()` kills
    /// whatever is still running in its namespaces.
    public func start(_ argv: [String], stdout: Int32? = nil, stderr: Int32? = nil) throws -> ChildProcess {
        try Subprocess.start(["ip", "netns", "exec", namespace.name] + argv, stdout: stdout, stderr: stderr)
    }

    /// `ip -n NS ARGS...`.
    @discardableResult
    public func ip(_ arguments: String...) throws -> String {
        try NetworkCommand.ip(["-n", namespace.name] + arguments)
    }
}
