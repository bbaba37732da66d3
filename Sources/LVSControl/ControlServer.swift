import Foundation
import Logging
import NIOCore
import NIOPosix

/// The director's control socket: a Unix stream socket (mode 0600, so only root - or whoever
/// runs the director - may change the table) speaking newline-delimited JSON.
public final class ControlServer: Sendable {
    public let path: String
    private let channel: any Channel

    /// Binds the socket. Fails if another director answers on the path; removes a stale socket.
    public static func start(path: String, service: any ControlService, group: EventLoopGroup,
                             logger: Logger) async throws -> ControlServer {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        if FileManager.default.fileExists(atPath: path) {
            if ControlClient(path: path).isAnswering() {
                throw ControlServerError.alreadyRunning(path)
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(ControlConnectionHandler(service: service, logger: logger))
                }
            }
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: false)
            .get()
        // The socket is the director's only authentication: owner-only.
        chmod(path, 0o600)
        return ControlServer(path: path, channel: channel)
    }

    private init(path: String, channel: any Channel) {
        self.path = path
        self.channel = channel
    }

    public func close() async {
        try? await channel.close()
        unlink(path)
    }
}

public enum ControlServerError: Error, CustomStringConvertible {
    case alreadyRunning(String)
    public var description: String {
        switch self {
        case .alreadyRunning(let p): "another director is already serving \(p)"
        }
    }
}

/// Splits the stream into lines; a line longer than 64 MiB is an error (and closes the connection).
struct LineFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    static let maximumLine = 64 << 20
    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if let nl = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = nl - buffer.readerIndex
            let line = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            context.fireChannelRead(wrapInboundOut(line))
            return .continue
        }
        if buffer.readableBytes > Self.maximumLine { throw ControlProtocolError.lineTooLong }
        return .needMoreData
    }
}

enum ControlProtocolError: Error { case lineTooLong }

final class ControlConnectionHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let service: any ControlService
    let logger: Logger
    init(service: any ControlService, logger: Logger) { self.service = service; self.logger = logger }

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
