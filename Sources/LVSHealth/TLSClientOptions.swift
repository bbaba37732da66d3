import NIOSSL

/// SSL_GET's TLS side: no certificate verification (as keepalived), optional SNI, and optionally
/// a caller-made context (keepalived's SSL { certificate key ca } block, for client certificates).
public struct TLSClientOptions: Sendable {
    /// The name sent as SNI (keepalived's enable_sni sends the virtualhost). IP literals are not sent.
    public var serverName: String?
    /// Nil uses a shared context that verifies nothing.
    public var context: NIOSSLContext?

    public init(serverName: String? = nil, context: NIOSSLContext? = nil) {
        self.serverName = serverName
        self.context = context
    }

    /// One context for all checks: making one parses the system's defaults, too slow per check.
    static let unverifiedContext: Result<NIOSSLContext, Error> = Result {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return try NIOSSLContext(configuration: configuration)
    }

    func makeHandler() throws -> NIOSSLClientHandler {
        let context = try self.context ?? Self.unverifiedContext.get()
        let name = serverName.flatMap { Self.isIPLiteral($0) ? nil : $0 }
        return try NIOSSLClientHandler(context: context, serverHostname: name)
    }

    static func isIPLiteral(_ name: String) -> Bool {
        name.contains(":") || name.allSatisfy { $0.isNumber || $0 == "." }
    }
}
