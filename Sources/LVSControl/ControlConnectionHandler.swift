import LVSCore
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// One control connection. Each complete line is served through `ControlRequestServing`
/// (decode, peer check, re-validation) in order, on a thread of the blocking pool, never on the
/// event loop (a big batch or listing takes a while, and other clients - keepalived, a second
/// ipvsadm - must still be accepted meanwhile). Answers are written one piece at a time, each
/// waiting until the socket took the one before, so a listing of any size holds one piece in
/// memory; reading pauses while lines wait. A connection that sends no complete request for
/// `idleTimeout` is closed, so idle or trickling clients cannot pile up; a protocol error (a
/// line over the size limit) is answered, then the connection closed.
final class ControlConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let service: any ControlService
    let peer: ControlPeer
    let policy: ControlAccessPolicy
    let idleTimeout: TimeAmount
    let logger: Logger
    /// Where requests are served: the blocking pool (the daemon), or at once on the calling
    /// thread (an embedded channel in tests, which must not be touched from another thread).
    let servesInline: Bool
    private let queue = ControlLineQueue()
    private var idleTimer: Scheduled<Void>?

    init(
        service: any ControlService, peer: ControlPeer, policy: ControlAccessPolicy, idleTimeout: TimeAmount,
        logger: Logger, servesInline: Bool = false
    ) {
        self.servesInline = servesInline
        self.service = service
        self.peer = peer
        self.policy = policy
        self.idleTimeout = idleTimeout
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armIdleTimer(context.channel) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armIdleTimer(context.channel)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        idleTimer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A complete request: not idle while it (and any behind it) is served.
        idleTimer?.cancel()
        idleTimer = nil
        guard queue.append(unwrapInboundIn(data)) else { return }
        let channel = context.channel
        channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        let (queue, service, peer, policy, logger) = (queue, service, peer, policy, logger)
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let work: @Sendable () -> Void = {
            queue.drain { line, batch in
                ControlRequestServing.serve(
                    line: line.readableBytesView, peer: peer, policy: policy, service: service, batch: &batch,
                    logger: logger
                ) { response in
                    do {
                        try channel.writeAndFlush(Self.encode(response, channel.allocator)).wait()
                        return true
                    } catch {
                        return false
                    }
                }
            }
            channel.eventLoop.execute {
                handler.value.armIdleTimer(channel)
                channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
            }
        }
        if servesInline {
            work()
        } else {
            NIOThreadPool.singleton.submit { _ in work() }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        idleTimer?.cancel()
        if let problem = error as? ControlProtocolError {
            logger.warning("control request refused", metadata: ["peer": "\(peer)", "error": "\(problem)"])
            context.writeAndFlush(wrapOutboundOut(Self.encode(.failure("\(problem)"), context.channel.allocator)))
                .whenComplete { _ in context.close(promise: nil) }
        } else {
            logger.warning("control connection error", metadata: ["peer": "\(peer)", "error": "\(error)"])
            context.close(promise: nil)
        }
    }

    private static func encode(_ response: ControlResponse, _ allocator: ByteBufferAllocator) -> ByteBuffer {
        let bytes = ControlCodec().encode(response)
        var out = allocator.buffer(capacity: bytes.count + 1)
        out.writeBytes(bytes)
        out.writeInteger(UInt8(ascii: "\n"))
        return out
    }

    private func armIdleTimer(_ channel: any Channel) {
        idleTimer?.cancel()
        let logger = self.logger
        let peer = self.peer
        idleTimer = channel.eventLoop.scheduleTask(in: idleTimeout) {
            logger.debug("closing an idle control connection", metadata: ["peer": "\(peer)"])
            channel.close(promise: nil)
        }
    }
}
