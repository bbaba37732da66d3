import NIOCore
import NIOSSL

/// Drives a `StreamConversation` over a channel and resolves the probe's promise once: with the
/// conversation's outcome, at end of stream, or with a transport failure. The deadline is not
/// here: `StreamExchange` resolves the same promise when it passes and closes the channel.
final class ConversationHandler<Conversation: StreamConversation>: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var conversation: Conversation
    private let promise: EventLoopPromise<ProbeOutcome<Conversation.Detail>>
    private var finished = false

    init(conversation: Conversation, promise: EventLoopPromise<ProbeOutcome<Conversation.Detail>>) {
        self.conversation = conversation
        self.promise = promise
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        act(on: conversation.connected(), context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !finished else { return }
        act(on: conversation.received(unwrapInboundIn(data)), context: context)
    }

    private func act(on step: ConversationStep<Conversation.Detail>, context: ChannelHandlerContext) {
        switch step {
        case .keepReading:
            break
        case .send(let reply):
            send(reply, context: context)
        case .finish(let outcome):
            finish(outcome, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !finished { finish(conversation.endOfStream(), context: context) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard !finished else { return }
        // keepalived's SSL reader ends the stream on any SSL error, a missing close_notify included.
        if let tlsError = error as? NIOSSLError, case .uncleanShutdown = tlsError {
            finish(conversation.endOfStream(), context: context)
            return
        }
        finish(.failure(ProbeFailure.from(transportError: error)), context: context)
    }

    private func send(_ bytes: [UInt8], context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    private func finish(_ outcome: ProbeOutcome<Conversation.Detail>, context: ChannelHandlerContext) {
        finished = true
        promise.succeed(outcome)
        context.close(promise: nil)
    }
}
