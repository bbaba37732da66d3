import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Sends a `DatagramConversation`'s request on a connected UDP socket and feeds it the replies.
/// An ICMP unreachable comes back as ECONNREFUSED / EHOSTUNREACH / ENETUNREACH on the connected
/// socket, as keepalived sees it through IP_RECVERR.
final class DatagramHandler<Conversation: DatagramConversation>: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private var conversation: Conversation
    private let destination: SocketAddress
    private let promise: EventLoopPromise<ProbeOutcome<Conversation.Detail>>
    private var finished = false

    init(
        conversation: Conversation, destination: SocketAddress,
        promise: EventLoopPromise<ProbeOutcome<Conversation.Detail>>
    ) {
        self.conversation = conversation
        self.destination = destination
        self.promise = promise
    }

    /// Sent by `DatagramExchange` once the socket is connected: only a connected socket hears
    /// about ICMP errors.
    struct Connected: Sendable {}

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is Connected {
            send(context: context)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func send(context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: conversation.request.count)
        buffer.writeBytes(conversation.request)
        let envelope = AddressedEnvelope(remoteAddress: destination, data: buffer)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(envelope), promise: written)
        written.futureResult.assumeIsolated().whenFailure { error in
            self.fail(with: error, context: context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !finished else { return }
        switch conversation.received(unwrapInboundIn(data).data) {
        case .keepReading, .send:
            break
        case .finish(let outcome):
            finish(outcome, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(with: error, context: context)
    }

    private func fail(with error: Error, context: ChannelHandlerContext) {
        guard !finished else { return }
        if let ioError = error as? IOError {
            switch ioError.errnoCode {
            case ECONNREFUSED:
                finish(.failure(.unreachable("ICMP port unreachable")), context: context)
            case EHOSTUNREACH:
                finish(.failure(.unreachable("ICMP host unreachable")), context: context)
            case ENETUNREACH:
                finish(.failure(.unreachable("ICMP network unreachable")), context: context)
            default:
                finish(.failure(.transportError(ProbeFailure.errnoText(ioError.errnoCode))), context: context)
            }
            return
        }
        finish(.failure(.transportError("\(error)")), context: context)
    }

    private func finish(_ outcome: ProbeOutcome<Conversation.Detail>, context: ChannelHandlerContext) {
        finished = true
        promise.succeed(outcome)
        context.close(promise: nil)
    }
}
