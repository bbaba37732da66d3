import NIOCore

/// One connection of a `TestTCPServer`.
final class ScriptedServerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let behaviour: ServerBehaviour
    private let log: RequestLog
    private var pending: [UInt8] = []
    private var answered = false
    private var drip: RepeatedTask?

    init(behaviour: ServerBehaviour, log: RequestLog) {
        self.behaviour = behaviour
        self.log = log
    }

    func channelActive(context: ChannelHandlerContext) {
        if case .smtp(let banner, _, _) = behaviour { write(banner, context: context) }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        drip?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending.append(contentsOf: unwrapInboundIn(data).readableBytesView)
        switch behaviour {
        case .silent:
            return
        case .smtp(_, let heloReply, let quitReply):
            while let newline = pending.firstIndex(of: 10) {
                let line = Array(pending[...newline])
                pending.removeSubrange(...newline)
                log.append(line)
                if line.starts(with: Array("HELO".utf8)) { write(heloReply, context: context) }
                if line.starts(with: Array("QUIT".utf8)) {
                    write(quitReply, context: context)
                    context.close(promise: nil)
                }
            }
        case .reply(let response):
            guard !answered, Self.hasRequestHead(pending) else { return }
            answered = true
            log.append(pending)
            var buffer = context.channel.allocator.buffer(capacity: response.count)
            buffer.writeBytes(response)
            context.writeAndFlush(wrapOutboundOut(buffer)).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        case .drip(let interval):
            guard !answered, Self.hasRequestHead(pending) else { return }
            answered = true
            log.append(pending)
            write("HTTP/1.0 200 OK\r\n\r\n", context: context)
            let channel = context.channel
            drip = context.eventLoop.scheduleRepeatedTask(
                initialDelay: .milliseconds(interval),
                delay: .milliseconds(interval)
            ) { _ in
                var byte = channel.allocator.buffer(capacity: 1)
                byte.writeString("x")
                channel.writeAndFlush(byte, promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    private func write(_ text: String, context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    static func hasRequestHead(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        return (0...(bytes.count - 4)).contains {
            bytes[$0] == 13 && bytes[$0 + 1] == 10 && bytes[$0 + 2] == 13 && bytes[$0 + 3] == 10
        }
    }
}
