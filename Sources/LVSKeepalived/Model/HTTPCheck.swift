/// `HTTP_GET { }` and `SSL_GET { }`: GET each url and compare status code, digest and regex.
public struct HTTPCheck: Hashable, Sendable {
    /// SSL_GET.
    public var usesTLS: Bool
    public var httpProtocol: HTTPProtocolVersion
    /// The checker's virtualhost, else the real server's, else the virtual server's.
    public var virtualhost: String?
    /// `enable_sni` (meaningful for SSL_GET).
    public var enableSNI: Bool
    public var fastRecovery: Bool
    public var urls: [HTTPURL]

    public init(
        usesTLS: Bool, httpProtocol: HTTPProtocolVersion = .http10, virtualhost: String? = nil,
        enableSNI: Bool = false, fastRecovery: Bool = false, urls: [HTTPURL] = []
    ) {
        self.usesTLS = usesTLS
        self.httpProtocol = httpProtocol
        self.virtualhost = virtualhost
        self.enableSNI = enableSNI
        self.fastRecovery = fastRecovery
        self.urls = urls
    }
}
