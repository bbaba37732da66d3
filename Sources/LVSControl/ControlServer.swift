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
    public static func start(
        path: String, service: any ControlService, group: EventLoopGroup,
        logger: Logger
    ) async throws -> ControlServer {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty {
            try FileManager.default.createDirectory(
                atPath: dir, withIntermediateDirectories: true,
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
                    try channel.pipeline.syncOperations.addHandler(
                        ControlConnectionHandler(service: service, logger: logger))
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
