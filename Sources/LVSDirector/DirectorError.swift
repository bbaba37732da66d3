import LVSControl
import LVSCore
import LVSLinux
import LVSWire
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

public struct DirectorError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
