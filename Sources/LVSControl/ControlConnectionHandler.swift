import Foundation
import LVSCore
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Serves one control connection: each request line is answered on a thread of the blocking
/// pool, never on the event loop (a big batch or listing takes a while, and other clients -
/// keepalived, a second ipvsadm - must still be accepted meanwhile). Answers are written one
/// piece at a time, each waiting until the socket took the one before, so a listing of any
/// size holds one piece in memory. One request at a time per connection: reading pauses until
/// the answer is out, which keeps answers in order.
final class ControlConnectionHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let service: any ControlService
    let logger: Logger
    /// The `.applyPart`s of the batch this connection is sending.
    private let pending = Mutex<[AdminOperation]>([])
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
        channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        let service = service
        let logger = logger
        NIOThreadPool.singleton.submit { _ in
            defer { channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in } }
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
                let held = self.pending.withLock { held in
                    held += operations
                    return held.count
                }
                if held > Self.maximumBatch {
                    _ = respond(.failure("a batch of more than \(Self.maximumBatch) operations"))
                    channel.close(promise: nil)
                }
            case .apply(let operations):
                let batch = self.pending.withLock { held in
                    defer { held = [] }
                    return held + operations
                }
                service.stream(.apply(batch), to: respond)
            default:
                service.stream(request, to: respond)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.warning("control connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}
