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
        // attributesOfItem does not follow a final symlink: what is at the path itself.
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path) {
            let type = attributes[.type] as? FileAttributeType
            // Only a socket nobody answers on (a crashed director's) is ours to replace; anything
            // else at the path (a directory, a file, a typo) is someone's and stays untouched.
            guard type == .typeSocket else {
                throw ControlServerError.notASocket(path, kind: Self.describe(type))
            }
            if ControlClient(path: path).isAnswering() {
                throw ControlServerError.alreadyRunning(path)
            }
            if unlink(path) != 0 && errno != ENOENT {
                throw ControlServerError.cannotRemoveStaleSocket(path, errno: errno)
            }
            logger.notice("removed a stale control socket (no director answered on it)", metadata: ["path": "\(path)"])
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

    /// As above, on NIO's shared event loops (tests, tools serving a table in-process).
    public static func start(path: String, service: any ControlService, logger: Logger) async throws -> ControlServer {
        try await start(path: path, service: service, group: MultiThreadedEventLoopGroup.singleton, logger: logger)
    }

    private static func describe(_ type: FileAttributeType?) -> String {
        switch type {
        case .typeDirectory: "a directory"
        case .typeRegular: "a regular file"
        case .typeSymbolicLink: "a symbolic link"
        case .typeCharacterSpecial, .typeBlockSpecial: "a device"
        default: "not a socket"
        }
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
