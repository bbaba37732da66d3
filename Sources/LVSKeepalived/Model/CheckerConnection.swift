import LVSVocabulary

/// The common connection settings of a checker (conn_opts_t): connect_ip/connect_port default
/// to the real server's, connect_timeout to the real server's (5 s unless set on a server).
public struct CheckerConnection: Hashable, Sendable {
    public var address: InetAddress
    public var port: UInt16
    /// `bindto`.
    public var bindAddress: InetAddress?
    /// `bind_port`; 0 = any.
    public var bindPort: UInt16
    /// `bind_if` (needed for IPv6 link-local addresses).
    public var bindInterface: String?
    public var connectTimeout: KeepalivedDuration
    /// `fwmark` put on the checker's packets; 0 = none.
    public var fwmark: UInt32

    public init(
        address: InetAddress, port: UInt16, bindAddress: InetAddress? = nil, bindPort: UInt16 = 0,
        bindInterface: String? = nil, connectTimeout: KeepalivedDuration, fwmark: UInt32 = 0
    ) {
        self.address = address
        self.port = port
        self.bindAddress = bindAddress
        self.bindPort = bindPort
        self.bindInterface = bindInterface
        self.connectTimeout = connectTimeout
        self.fwmark = fwmark
    }
}
