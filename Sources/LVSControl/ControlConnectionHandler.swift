import Foundation
import Logging
import NIOCore
import NIOPosix

final class ControlConnectionHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let service: any ControlService
    let logger: Logger
    init(service: any ControlService, logger: Logger) {
        self.service = service
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        let codec = ControlCodec()
        let response: ControlResponse
        do {
            response = service.handle(try codec.decodeRequest(line.readableBytesView))
        } catch {
            logger.warning("bad control request", metadata: ["error": "\(error)"])
            response = .failure("bad request: \(error)")
        }
        var out = context.channel.allocator.buffer(capacity: 256)
        out.writeBytes(codec.encode(response))
        out.writeInteger(UInt8(ascii: "\n"))
        context.writeAndFlush(wrapOutboundOut(out), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.warning("control connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}
