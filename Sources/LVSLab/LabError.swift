import LVSLinux
import LVSVocabulary
import LVSWire
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

public struct LabError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
