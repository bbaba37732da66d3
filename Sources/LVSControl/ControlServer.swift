import Foundation
import LVSLinux
import Logging
import NIOCore
import NIOPosix

/// The director's control socket: a Unix stream socket speaking newline-delimited JSON, at a
/// path (mode 0600) or, for `@name`, in the network namespace's abstract socket namespace.
/// Every connection's peer is identified by SO_PEERCRED: changes need root or CAP_NET_ADMIN
/// (as the kernel asks of ipvsadm), listings too unless a read group is granted (see
/// `ControlAccessPolicy`). Connections are capped and idle ones closed (`ControlServerLimits`).
public final class ControlServer: Sendable {
    public let path: String
    private let channel: any Channel
    /// Open and refused connections, for logs and tests.
    public let connections: ControlConnectionCounter

    /// Binds the socket. Fails if another director answers on the address; at a path, removes
    /// a stale socket and nothing else (a directory, file or link there is left alone).
    public static func start(
        path: String, service: any ControlService, group: EventLoopGroup,
        logger: Logger, policy: ControlAccessPolicy = ControlAccessPolicy(),
        limits: ControlServerLimits = ControlServerLimits()
    ) async throws -> ControlServer {
        let abstract = UnixStreamSocket.isAbstract(path)
        if !abstract { try prepare(path: path, logger: logger) }
        var policy = policy
        if policy.owner == nil && geteuid() != 0 { policy.owner = geteuid() }
        // The cap must leave descriptors for the rest of the director: out of them, more than
        // accept fails (libdispatch, files, sockets of the data plane).
        let descriptors = OpenFileLimit.current() ?? 1024
        let cap = min(limits.maximumConnections, max(4, (descriptors - 256) / 2))
        if cap < limits.maximumConnections {
            logger.notice(
                "control connections capped lower for the descriptor limit",
                metadata: ["cap": "\(cap)", "RLIMIT_NOFILE": "\(descriptors)"])
        }
        let counter = ControlConnectionCounter(maximum: cap)
        let backoff = limits.acceptBackoff
        // The socket is made here, not by swift-nio, so that its descriptor is known to the
        // handler that copes with EMFILE, and so that abstract names are exact.
        let listening: Int32
        do {
            listening = try UnixStreamSocket.listen(on: path, backlog: 256)
        } catch {
            if error.errno == EADDRINUSE { throw ControlServerError.alreadyRunning(path) }
            throw error
        }
        if !abstract {
            // Owner-only: the file mode is a first fence; the peer check is the real one.
            chmod(path, 0o600)
        }
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        AcceptBackoffHandler(backoffProvider: { _ in backoff }))
                    try channel.pipeline.syncOperations.addHandler(
                        AcceptExhaustionHandler(listening: listening, counter: counter, logger: logger))
                }
            }
            .childChannelInitializer { channel in
                peer(of: channel).flatMapThrowing { peer in
                    let privileged = policy.isPrivileged(peer)
                    guard counter.admit(privileged: privileged, logger: logger) else {
                        channel.close(promise: nil)
                        throw ControlServerError.connectionCapReached
                    }
                    channel.closeFuture.whenComplete { _ in counter.release(privileged: privileged) }
                    let limit = privileged ? limits.maximumPrivilegedLine : limits.maximumUnprivilegedLine
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(LineFrameDecoder(maximumLine: limit)))
                    try channel.pipeline.syncOperations.addHandler(
                        ControlConnectionHandler(
                            service: service, peer: peer, policy: policy, idleTimeout: limits.idleTimeout,
                            logger: logger))
                }
            }
        let channel = try await bootstrap.withBoundSocket(listening).get()
        return ControlServer(path: path, channel: channel, connections: counter)
    }

    /// The directory is created if missing; what is at the path is removed only when it is a
    /// socket nobody answers on (a crashed director's).
    static func prepare(path: String, logger: Logger) throws {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty {
            try FileManager.default.createDirectory(
                atPath: dir, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
        // attributesOfItem does not follow a final symlink: what is at the path itself.
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return }
        let type = attributes[.type] as? FileAttributeType
        guard type == .typeSocket else {
            throw ControlServerError.notASocket(path, kind: describe(type))
        }
        if ControlClient(path: path).isAnswering() {
            throw ControlServerError.alreadyRunning(path)
        }
        if unlink(path) != 0 && errno != ENOENT {
            throw ControlServerError.cannotRemoveStaleSocket(path, errno: errno)
        }
        logger.notice("removed a stale control socket (no director answered on it)", metadata: ["path": "\(path)"])
    }

    /// The peer's credentials and privileges; an unknown peer is nobody.
    static func peer(of channel: any Channel) -> EventLoopFuture<ControlPeer> {
        let nobody = ControlPeer(pid: 0, uid: UInt32.max, gid: UInt32.max, hasNetAdmin: false)
        guard let provider = channel as? SocketOptionProvider else {
            return channel.eventLoop.makeSucceededFuture(nobody)
        }
        let raw: EventLoopFuture<PeerCredentials.Raw> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(PeerCredentials.optionLevel), name: SocketOptionName(PeerCredentials.optionName))
        return raw.map { raw in
            let credentials = PeerCredentials(raw)
            let status = ProcessStatus.read(pid: credentials.pid)
            return ControlPeer(
                pid: credentials.pid, uid: credentials.uid, gid: credentials.gid, groups: status?.groups ?? [],
                hasNetAdmin: status?.hasNetAdmin)
        }.recover { _ in nobody }
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

    private init(path: String, channel: any Channel, connections: ControlConnectionCounter) {
        self.path = path
        self.channel = channel
        self.connections = connections
    }

    public func close() async {
        try? await channel.close()
        if !UnixStreamSocket.isAbstract(path) { unlink(path) }
    }
}
