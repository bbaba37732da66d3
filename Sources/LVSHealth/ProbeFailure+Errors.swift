import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#endif

extension ProbeFailure {
    /// A failed connect, as keepalived's socket_state sorts it: refused apart, the rest by errno.
    static func from(connectError error: Error, timeout: Duration) -> ProbeFailure {
        if let ioError = error as? IOError {
            if ioError.errnoCode == ECONNREFUSED { return .connectionRefused }
            if ioError.errnoCode == ETIMEDOUT { return .timeout(seconds: timeout.seconds) }
            return .connectFailed(errnoText(ioError.errnoCode))
        }
        if let channelError = error as? ChannelError {
            switch channelError {
            case .connectTimeout: return .timeout(seconds: timeout.seconds)
            default: return .connectFailed("\(channelError)")
            }
        }
        return .connectFailed("\(error)")
    }

    /// An error on an established connection.
    static func from(transportError error: Error) -> ProbeFailure {
        if let ioError = error as? IOError {
            if ioError.errnoCode == ECONNREFUSED { return .connectionRefused }
            return .transportError(errnoText(ioError.errnoCode))
        }
        if let tlsError = error as? NIOSSLError {
            return .tlsFailed("\(tlsError)")
        }
        if error is BoringSSLError {
            return .tlsFailed("\(error)")
        }
        return .transportError("\(error)")
    }

    static func errnoText(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}

extension Duration {
    /// The duration in seconds, for messages and NIO time amounts.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    var timeAmount: TimeAmount {
        let (whole, attoseconds) = components
        let nanoseconds = whole.multipliedReportingOverflow(by: 1_000_000_000)
        guard !nanoseconds.overflow, whole >= 0 else { return .nanoseconds(whole < 0 ? 0 : Int64.max) }
        return .nanoseconds(nanoseconds.partialValue + attoseconds / 1_000_000_000)
    }
}
