import Logging
import NIOCore
import NIOPosix

/// Runs one `DatagramConversation` against a target under one deadline.
enum DatagramExchange {
    static func run<Conversation: DatagramConversation>(
        _ conversation: Conversation, target: ProbeTarget, timeout: Duration, group: any EventLoopGroup,
        logger: Logger
    ) async -> ProbeOutcome<Conversation.Detail> {
        let destination: SocketAddress
        let source: SocketAddress
        do {
            destination = try target.socketAddress()
            let wildcard = try SocketAddress(ipAddress: destination.protocol == .inet6 ? "::" : "0.0.0.0", port: 0)
            source = try target.sourceAddress(for: destination) ?? wildcard
        } catch let failure as ProbeFailure {
            return .failure(failure)
        } catch {
            return .failure(.cannotProbe("\(error)"))
        }
        let loop = group.next()
        let promise = loop.makePromise(of: ProbeOutcome<Conversation.Detail>.self)
        let deadline = loop.scheduleTask(in: timeout.timeAmount) {
            promise.succeed(conversation.deadlinePassed(after: timeout))
        }
        promise.futureResult.whenComplete { _ in deadline.cancel() }
        var bootstrap = DatagramBootstrap(group: loop)
            .channelInitializer { channel in
                promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
                return channel.eventLoop.makeCompletedFuture {
                    let handler = DatagramHandler(
                        conversation: conversation, destination: destination,
                        promise: promise)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        if target.bindPort != nil { bootstrap = bootstrap.channelOption(.socketOption(.so_reuseaddr), value: 1) }
        bootstrap.bind(to: source).flatMap { channel in
            channel.connect(to: destination).map { channel }
        }.map { channel in
            channel.pipeline.fireUserInboundEventTriggered(DatagramHandler<Conversation>.Connected())
        }.whenFailure { error in
            promise.succeed(.failure(ProbeFailure.from(connectError: error, timeout: timeout)))
        }
        let outcome = (try? await promise.futureResult.get()) ?? .failure(.transportError("probe abandoned"))
        if case .failure(let failure) = outcome {
            logger.debug("probe failed", metadata: ["target": "\(target.displayName)", "reason": "\(failure)"])
        }
        return outcome
    }
}
