import NIOCore
import NIOPosix

/// A UDP socket on 127.0.0.1 that answers each datagram with `answer(request)` (nil: stays silent).
final class TestUDPResponder: Sendable {
    let port: Int
    private let channel: any Channel

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    static func start(answer: @escaping @Sendable ([UInt8]) -> [UInt8]?) async throws -> TestUDPResponder {
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(AnsweringHandler(answer: answer))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return TestUDPResponder(port: channel.localAddress?.port ?? 0, channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }

    private final class AnsweringHandler: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>
        let answer: @Sendable ([UInt8]) -> [UInt8]?

        init(answer: @escaping @Sendable ([UInt8]) -> [UInt8]?) {
            self.answer = answer
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            guard let reply = answer(Array(envelope.data.readableBytesView)) else { return }
            var buffer = context.channel.allocator.buffer(capacity: reply.count)
            buffer.writeBytes(reply)
            let envelopeOut = AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: buffer)
            context.writeAndFlush(wrapOutboundOut(envelopeOut), promise: nil)
        }
    }
}
