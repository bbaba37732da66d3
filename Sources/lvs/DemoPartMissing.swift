import Foundation
import LVSCore
import LVSLab
import LVSLabServices
import LVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// A part of SwiftLVS the demo needs but this build does not have.
struct DemoPartMissing: Error {
    let part: String
}
