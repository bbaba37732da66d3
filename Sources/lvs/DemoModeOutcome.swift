import Foundation
import LVSCore
import LVSLab
import LVSLabServices
import LVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// How one mode of the demo ended.
enum DemoModeOutcome {
    /// Requests were sent; `answers` is each request's real-server name (nil: no answer).
    case ran(answers: [String?])
    /// A part built elsewhere is not in this build yet (what is missing, one line each).
    case unavailable([String])
    case failed(String)
}
