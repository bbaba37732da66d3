import Foundation
import LVSCore
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Serves one control connection: request lines are answered in order on a thread of the
/// blocking pool, never on the event loop (a big batch or listing takes a while, and other
/// clients - keepalived, a second ipvsadm - must still be accepted meanwhile). Answers are
/// written one piece at a time, each waiting until the socket took the one before, so a
/// listing of any size holds one piece in memory. Reading pauses while lines wait.
final class ControlConnectionHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private struct Queue {
        /// Lines read and not yet served, oldest first.
        var lines: [ByteBuffer] = []
        /// A pool thread is serving the lines (one at a time per connection keeps the order).
        var serving = false
        /// The `.applyPart`s of the batch this connection is sending.
        var batch: [AdminOperation] = []
    }

    let service: any ControlService
    let logger: Logger
    private let queue = Mutex(Queue())
    /// The most operations one batch may have (an `-R` of two million services with a real
    /// server each), so a client cannot hold the director's memory without end.
    static let maximumBatch = 4 << 20

    init(service: any ControlService, logger: Logger) {
        self.service = service
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        let channel = context.channel
        let start = queue.withLock { q in
            q.lines.append(line)
            defer { q.serving = true }
            return !q.serving
        }
        guard start else { return }
        channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        NIOThreadPool.singleton.submit { _ in self.serve(channel) }
    }

    /// Serves queued lines until none is left, then lets reading go on.
    private func serve(_ channel: any Channel) {
        while let line = queue.withLock({ q -> ByteBuffer? in
            if q.lines.isEmpty {
                q.serving = false
                return nil
            }
            return q.lines.removeFirst()
        }) {
            serve(line, channel)
        }
        channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
    }

    private func serve(_ line: ByteBuffer, _ channel: any Channel) {
        let codec = ControlCodec()
        let respond: (ControlResponse) -> Bool = { response in
            var out = channel.allocator.buffer(capacity: 256)
            out.writeBytes(codec.encode(response))
            out.writeInteger(UInt8(ascii: "\n"))
            do {
                try channel.writeAndFlush(out).wait()
                return true
            } catch {
                return false
            }
        }
        let request: ControlRequest
        do {
            request = try codec.decodeRequest(line.readableBytesView)
        } catch {
            logger.warning("bad control request", metadata: ["error": "\(error)"])
            _ = respond(.failure("bad request: \(error)"))
            return
        }
        switch request {
        case .applyPart(let operations):
            let held = queue.withLock { q in
                q.batch += operations
                return q.batch.count
            }
            if held > Self.maximumBatch {
                _ = respond(.failure("a batch of more than \(Self.maximumBatch) operations"))
                channel.close(promise: nil)
            }
        case .apply(let operations):
            let batch = queue.withLock { q in
                defer { q.batch = [] }
                return q.batch + operations
            }
            service.stream(.apply(batch), to: respond)
        default:
            service.stream(request, to: respond)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.warning("control connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}
