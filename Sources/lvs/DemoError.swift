import Foundation
import LVSCore
import LVSLab
import LVSLabServices
import LVSLinux

#if canImport(Glibc)
import Glibc
#endif

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
