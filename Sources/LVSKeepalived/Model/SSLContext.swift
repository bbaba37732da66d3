/// The root `SSL { }` block used by SSL_GET checkers; all nil means keepalived generates a context.
public struct SSLContext: Hashable, Sendable {
    public var password: String?
    public var caFile: String?
    public var certificateFile: String?
    public var keyFile: String?

    public init(
        password: String? = nil, caFile: String? = nil, certificateFile: String? = nil,
        keyFile: String? = nil
    ) {
        self.password = password
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
    }
}
