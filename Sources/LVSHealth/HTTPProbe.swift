import LVSKeepalived
import Logging
import NIOCore
import NIOPosix

/// HTTP_GET and SSL_GET: one GET of one url, read until the server closes, reduced to status,
/// digest and (bounded) body. The probe fails only when no response arrives (refused, timeout,
/// reset, TLS failure, closed before a full header); judging the response is `HTTPURLExpectation`'s.
public struct HTTPProbe: Sendable {
    public var target: ProbeTarget
    /// The url's path, sent as is ("/", "/health?x=1").
    public var path: String
    /// The url's, checker's, real server's or virtual server's virtualhost (the first set of them).
    public var virtualHost: String?
    public var version: HTTPProtocolVersion
    /// Set for SSL_GET.
    public var tls: TLSClientOptions?
    /// connect_timeout: bounds the whole exchange.
    public var timeout: Duration
    /// How much of the body is kept for regex matching; the digest covers all of it regardless.
    public var bodyLimit: Int

    public init(
        target: ProbeTarget, path: String, virtualHost: String? = nil, version: HTTPProtocolVersion = .http10,
        tls: TLSClientOptions? = nil, timeout: Duration, bodyLimit: Int = 1 << 20
    ) {
        self.target = target
        self.path = path
        self.virtualHost = virtualHost
        self.version = version
        self.tls = tls
        self.timeout = timeout
        self.bodyLimit = bodyLimit
    }

    /// The bytes this probe sends.
    public var requestBytes: [UInt8] {
        HTTPRequestText.bytes(
            path: path, host: target.host, port: target.port, virtualHost: virtualHost,
            version: version)
    }

    public func run(
        on group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = HealthLogging.defaultLogger
    ) async -> ProbeOutcome<HTTPResponseSummary> {
        let conversation = HTTPGetConversation(request: requestBytes, bodyLimit: bodyLimit)
        return await StreamExchange.run(
            conversation, target: target, tls: tls, timeout: timeout, group: group,
            logger: logger)
    }

    /// Runs the GET and judges the response: the whole HTTP_GET / SSL_GET check of one url.
    public func check(
        _ expectation: HTTPURLExpectation,
        on group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = HealthLogging.defaultLogger
    ) async -> ProbeOutcome<HTTPResponseSummary> {
        switch await run(on: group, logger: logger) {
        case .failure(let failure): .failure(failure)
        case .success(let summary): expectation.evaluate(summary)
        }
    }
}

/// Sends the GET once connected and reads to the end of the stream.
struct HTTPGetConversation: StreamConversation {
    let request: [UInt8]
    var accumulator: HTTPResponseAccumulator

    init(request: [UInt8], bodyLimit: Int) {
        self.request = request
        accumulator = HTTPResponseAccumulator(bodyLimit: bodyLimit)
    }

    mutating func connected() -> ConversationStep<HTTPResponseSummary> { .send(request) }

    mutating func received(_ bytes: ByteBuffer) -> ConversationStep<HTTPResponseSummary> {
        accumulator.append(bytes.readableBytesView)
        return .keepReading
    }

    mutating func endOfStream() -> ProbeOutcome<HTTPResponseSummary> {
        guard let summary = accumulator.finish() else { return .failure(.noResponse) }
        return .success(summary)
    }
}
