import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Runs one `StreamConversation` against a target under one deadline that covers everything:
/// connect, TLS handshake, request, and the full response. When it passes, the probe resolves as
/// a timeout and the channel is closed, whatever state the connection was in (keepalived's
/// checkers re-arm connect_timeout at each read, so a server dripping bytes never times out).
enum StreamExchange {
    static func run<Conversation: StreamConversation>(
        _ conversation: Conversation, target: ProbeTarget, tls: TLSClientOptions?, timeout: Duration,
        group: any EventLoopGroup, logger: Logger
    ) async -> ProbeOutcome<Conversation.Detail> {
        let destination: SocketAddress
        let source: SocketAddress?
        do {
            destination = try target.socketAddress()
            source = try target.sourceAddress(for: destination)
        } catch {
            return .failure(error)
        }
        var device: DeviceName?
        if let name = target.bindInterface {
            guard let parsed = DeviceName(name) else { return .failure(.cannotProbe("invalid bind_if \(name)")) }
            device = parsed
        }
        let loop = group.next()
        let promise = loop.makePromise(of: ProbeOutcome<Conversation.Detail>.self)
        let deadline = loop.scheduleTask(in: timeout.timeAmount) {
            promise.succeed(.failure(.timeout(seconds: timeout.seconds)))
        }
        promise.futureResult.whenComplete { _ in deadline.cancel() }
        let boundDevice = device
        var bootstrap = ClientBootstrap(group: loop)
            // NIO's own connect timeout only as a backstop; the deadline above fires first.
            .connectTimeout(timeout.timeAmount + .seconds(1))
            .channelInitializer { channel in
                promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
                return channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(tls.makeHandler()) }
                    let handler = ConversationHandler(conversation: conversation, promise: promise)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }.flatMap {
                    bindToDevice(channel, boundDevice)
                }
            }
        if let source {
            bootstrap = bootstrap.channelOption(.socketOption(.so_reuseaddr), value: 1).bind(to: source)
        }
        bootstrap.connect(to: destination).whenFailure { error in
            promise.succeed(.failure(ProbeFailure.from(connectError: error, timeout: timeout)))
        }
        let outcome = (try? await promise.futureResult.get()) ?? .failure(.transportError("probe abandoned"))
        if case .failure(let failure) = outcome {
            logger.debug("probe failed", metadata: ["target": "\(target.displayName)", "reason": "\(failure)"])
        }
        return outcome
    }

    private static func bindToDevice(_ channel: any Channel, _ device: DeviceName?) -> EventLoopFuture<Void> {
        guard let device else { return channel.eventLoop.makeSucceededVoidFuture() }
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(ProbeFailure.cannotProbe("bind_if unsupported"))
        }
        return provider.unsafeSetSocketOption(
            level: .socket, name: .init(rawValue: SO_BINDTODEVICE),
            value: device.bytes)
    }
}
