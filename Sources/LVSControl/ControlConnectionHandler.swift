import Logging
import NIOCore

/// One control connection: each complete line is served through `ControlRequestServing`
/// (decode, peer check, re-validation) and answered with one line. A connection that sends no
/// complete request for `idleTimeout` is closed, so idle or trickling clients cannot pile up;
/// a protocol error (a line over the size limit) is answered, then the connection closed.
final class ControlConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let service: any ControlService
    let peer: ControlPeer
    let policy: ControlAccessPolicy
    let idleTimeout: TimeAmount
    let logger: Logger
    private var idleTimer: Scheduled<Void>?

    init(
        service: any ControlService, peer: ControlPeer, policy: ControlAccessPolicy, idleTimeout: TimeAmount,
        logger: Logger
    ) {
        self.service = service
        self.peer = peer
        self.policy = policy
        self.idleTimeout = idleTimeout
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armIdleTimer(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armIdleTimer(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        idleTimer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        let response = ControlRequestServing.serve(
            line: line.readableBytesView, peer: peer, policy: policy, service: service, logger: logger)
        write(response, context: context)
        armIdleTimer(context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        idleTimer?.cancel()
        if let problem = error as? ControlProtocolError {
            logger.warning("control request refused", metadata: ["peer": "\(peer)", "error": "\(problem)"])
            write(.failure("\(problem)"), context: context)
        } else {
            logger.warning("control connection error", metadata: ["peer": "\(peer)", "error": "\(error)"])
        }
        context.close(promise: nil)
    }

    private func write(_ response: ControlResponse, context: ChannelHandlerContext) {
        let bytes = ControlCodec().encode(response)
        var out = context.channel.allocator.buffer(capacity: bytes.count + 1)
        out.writeBytes(bytes)
        out.writeInteger(UInt8(ascii: "\n"))
        context.writeAndFlush(wrapOutboundOut(out), promise: nil)
    }

    private func armIdleTimer(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        let channel = context.channel
        let logger = self.logger
        let peer = self.peer
        idleTimer = context.eventLoop.scheduleTask(in: idleTimeout) {
            logger.debug("closing an idle control connection", metadata: ["peer": "\(peer)"])
            channel.close(promise: nil)
        }
    }
}
