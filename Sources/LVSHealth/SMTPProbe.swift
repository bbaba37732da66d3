import Logging
import NIOCore
import NIOPosix

/// SMTP_CHECK: banner 220, HELO, 250, QUIT, all within `timeout`.
public struct SMTPProbe: Sendable {
    /// keepalived's default helo_name.
    public static let defaultHeloName = "smtpchecker.keepalived.org"

    public var target: ProbeTarget
    public var heloName: String
    public var timeout: Duration

    public init(target: ProbeTarget, heloName: String = SMTPProbe.defaultHeloName, timeout: Duration) {
        self.target = target
        self.heloName = heloName
        self.timeout = timeout
    }

    public func run(
        on group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = HealthLogging.defaultLogger
    ) async -> ProbeOutcome<Void> {
        await StreamExchange.run(
            SMTPConversation(heloName: heloName), target: target, tls: nil, timeout: timeout,
            group: group, logger: logger)
    }
}
