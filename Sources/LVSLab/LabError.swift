#if canImport(Glibc)
import Glibc
#endif
import LVSLinux
import Synchronization
import LVSWire
import LVSVocabulary

public struct LabError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
