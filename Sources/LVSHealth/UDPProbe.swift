import Logging
import NIOCore
import NIOPosix

/// UDP_CHECK: send one datagram; an ICMP unreachable fails the check. Without `expectation`
/// silence until the timeout passes (keepalived assumes the service took it); with one, a reply
/// satisfying it is required.
public struct UDPProbe: Sendable {
    public var target: ProbeTarget
    /// `payload`; nil sends keepalived's 32 filler bytes ("keepalived check - keepalived ch").
    public var payload: [UInt8]?
    /// `require_reply`, with the optional pattern and the length bounds.
    public var expectation: UDPReplyExpectation?
    public var timeout: Duration

    /// keepalived's set_buf() filling of its 32-byte UDP_BUFSIZE when no payload is configured.
    public static let fillerPayload: [UInt8] = {
        let phrase = Array("keepalived check - ".utf8)
        return (0..<32).map { phrase[$0 % phrase.count] }
    }()

    public init(
        target: ProbeTarget, payload: [UInt8]? = nil, expectation: UDPReplyExpectation? = nil,
        timeout: Duration
    ) {
        self.target = target
        self.payload = payload
        self.expectation = expectation
        self.timeout = timeout
    }

    /// The reply when one arrived, nil when the check passed on silence.
    public func run(
        on group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = HealthLogging.defaultLogger
    ) async -> ProbeOutcome<[UInt8]?> {
        let conversation = UDPConversation(request: payload ?? Self.fillerPayload, expectation: expectation)
        return await DatagramExchange.run(conversation, target: target, timeout: timeout, group: group, logger: logger)
    }
}

struct UDPConversation: DatagramConversation {
    let request: [UInt8]
    let expectation: UDPReplyExpectation?

    mutating func received(_ datagram: ByteBuffer) -> ConversationStep<[UInt8]?> {
        let reply = Array(datagram.readableBytesView)
        if let expectation, let mismatch = expectation.mismatch(in: reply) {
            return .finish(.failure(.unexpectedReply(mismatch)))
        }
        return .finish(.success(reply))
    }

    func deadlinePassed(after timeout: Duration) -> ProbeOutcome<[UInt8]?> {
        guard expectation == nil else {
            return .failure(.timeout(seconds: timeout.seconds))
        }
        return .success(nil)
    }
}
