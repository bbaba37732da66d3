import Foundation
import Logging
import NIOCore
import NIOPosix

public enum ControlServerError: Error, CustomStringConvertible {
    case alreadyRunning(String)
    /// Something other than a socket is at the path: it is left alone.
    case notASocket(String, kind: String)
    case cannotRemoveStaleSocket(String, errno: Int32)
    /// A connection beyond `ControlServerLimits.maximumConnections`: closed at once.
    case connectionCapReached
    public var description: String {
        switch self {
        case .alreadyRunning(let p): "another director is already serving \(p)"
        case .notASocket(let p, let kind):
            "\(p) is \(kind), not a socket: refusing to replace it (remove it or choose another --control-socket)"
        case .cannotRemoveStaleSocket(let p, let e):
            "cannot remove the stale socket \(p): \(String(cString: strerror(e)))"
        case .connectionCapReached: "the control socket is at its connection cap"
        }
    }
}
