import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// A server on 127.0.0.1 (a free port) that behaves as told and records what clients sent.
final class TestTCPServer: Sendable {
    let port: Int
    private let channel: any Channel
    let received: RequestLog

    private init(port: Int, channel: any Channel, received: RequestLog) {
        self.port = port
        self.channel = channel
        self.received = received
    }

    static func start(_ behaviour: ServerBehaviour, tls: Bool = false) async throws -> TestTCPServer {
        let log = RequestLog()
        let sslContext: NIOSSLContext? = tls ? try makeServerContext() : nil
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 512)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try child.pipeline.syncOperations.addHandler(ScriptedServerHandler(behaviour: behaviour, log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return TestTCPServer(port: channel.localAddress?.port ?? 0, channel: channel, received: log)
    }

    func stop() async {
        try? await channel.close()
    }

    static func makeServerContext() throws -> NIOSSLContext {
        let certificate = try NIOSSLCertificate(bytes: Array(TestCertificate.certificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(TestCertificate.privateKeyPEM.utf8), format: .pem)
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(certificate)],
            privateKey: .privateKey(key))
        return try NIOSSLContext(configuration: configuration)
    }
}

/// The request heads (or SMTP lines) a test server received, in order.
final class RequestLog: Sendable {
    private let entries = Mutex<[[UInt8]]>([])

    func append(_ bytes: [UInt8]) {
        entries.withLock { $0.append(bytes) }
    }

    var all: [[UInt8]] {
        entries.withLock { $0 }
    }
}
