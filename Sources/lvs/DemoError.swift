import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LVSCore
import LVSLab
import LVSLabServices
import LVSLinux

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
