import Foundation
import Logging
import NIOCore
import NIOPosix

public enum ControlServerError: Error, CustomStringConvertible {
    case alreadyRunning(String)
    public var description: String {
        switch self {
        case .alreadyRunning(let p): "another director is already serving \(p)"
        }
    }
}
