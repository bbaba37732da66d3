import LVSLinux
import Logging
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// On the listening channel: when accept fails for want of descriptors, swift-nio keeps the
/// socket registered for reading and its event loop would spin on it. This handler refuses
/// the pending connection with a reserved descriptor instead (`DescriptorReserve`), counting
/// it and logging at most once per 10 s.
final class AcceptExhaustionHandler: ChannelInboundHandler {
    typealias InboundIn = Any
    typealias InboundOut = Any
    let listening: Int32
    let reserve = DescriptorReserve()
    let counter: ControlConnectionCounter
    let logger: Logger
    private var lastLog: NIODeadline?
    private var sinceLog = 0

    init(listening: Int32, counter: ControlConnectionCounter, logger: Logger) {
        self.listening = listening
        self.counter = counter
        self.logger = logger
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let io = error as? IOError, io.errnoCode == EMFILE || io.errnoCode == ENFILE else {
            context.fireErrorCaught(error)
            return
        }
        if reserve.refuseOne(from: listening) { counter.countExhausted() }
        sinceLog += 1
        let now = NIODeadline.now()
        if lastLog.map({ now - $0 >= .seconds(10) }) ?? true {
            logger.error(
                "control socket: out of file descriptors, refusing connections",
                metadata: ["refused since last report": "\(sinceLog)"])
            lastLog = now
            sinceLog = 0
        }
    }
}
