import CLVSLinux
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What a finished child printed and how it ended.
public struct ProcessOutput: Sendable, Equatable {
    /// The exit code, or 128 + signal number if a signal ended it (as shells report it).
    public var status: Int32
    public var standardOutput: [UInt8]
    public var standardError: [UInt8]

    public init(status: Int32, standardOutput: [UInt8], standardError: [UInt8]) {
        self.status = status
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    public var stdout: String { String(decoding: standardOutput, as: UTF8.self) }
    public var stderr: String { String(decoding: standardError, as: UTF8.self) }
}
