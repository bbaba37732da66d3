import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LVSCore
import LVSLab
import LVSLabServices
import LVSLinux

/// A part of SwiftLVS the demo needs but this build does not have.
struct DemoPartMissing: Error {
    let part: String
}
