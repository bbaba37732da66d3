import Logging
import NIOCore
import NIOPosix

/// TCP_CHECK: the check passes when the connection is established within `timeout`.
public struct TCPProbe: Sendable {
    public var target: ProbeTarget
    /// connect_timeout.
    public var timeout: Duration

    public init(target: ProbeTarget, timeout: Duration) {
        self.target = target
        self.timeout = timeout
    }

    public func run(
        on group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = HealthLogging.defaultLogger
    ) async -> ProbeOutcome<Void> {
        await StreamExchange.run(
            ConnectOnly(), target: target, tls: nil, timeout: timeout, group: group,
            logger: logger)
    }
}

/// Finishes as soon as the connection is up.
struct ConnectOnly: StreamConversation {
    mutating func connected() -> ConversationStep<Void> { .finish(.success(())) }
    mutating func received(_ bytes: ByteBuffer) -> ConversationStep<Void> { .finish(.success(())) }
    mutating func endOfStream() -> ProbeOutcome<Void> { .success(()) }
}
