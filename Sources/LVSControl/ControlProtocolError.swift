import Foundation
import Logging
import NIOCore
import NIOPosix

enum ControlProtocolError: Error { case lineTooLong }
