import NIOCore

/// Where a check connects and from where: keepalived's connect_ip/connect_port (the address),
/// bindto/bind_port (the source) and bind_if (the device).
public struct ProbeTarget: Sendable, Equatable {
    /// The address checked: connect_ip and connect_port, or the real server's address and port.
    public var host: String
    public var port: Int
    /// bindto: the source address. Nil lets the kernel choose.
    public var bindAddress: String?
    /// bind_port: the source port. Used with `bindAddress`, or with the wildcard address alone.
    public var bindPort: Int?
    /// bind_if: the device the socket is bound to (SO_BINDTODEVICE), needed for link-local sources.
    public var bindInterface: String?

    public init(
        host: String, port: Int, bindAddress: String? = nil, bindPort: Int? = nil,
        bindInterface: String? = nil
    ) {
        self.host = host
        self.port = port
        self.bindAddress = bindAddress
        self.bindPort = bindPort
        self.bindInterface = bindInterface
    }

    /// The destination as a socket address; only numeric addresses, as keepalived's are.
    func socketAddress() throws(ProbeFailure) -> SocketAddress {
        guard (0...65535).contains(port) else { throw .cannotProbe("invalid port \(port)") }
        do {
            return try SocketAddress(ipAddress: host, port: port)
        } catch {
            throw .cannotProbe("invalid address \(host)")
        }
    }

    /// The source to bind to, if bindto or bind_port is set; the family follows the destination.
    func sourceAddress(for destination: SocketAddress) throws(ProbeFailure) -> SocketAddress? {
        guard bindAddress != nil || bindPort != nil else { return nil }
        let port = bindPort ?? 0
        guard (0...65535).contains(port) else { throw .cannotProbe("invalid bind_port \(port)") }
        let wildcard = destination.protocol == .inet6 ? "::" : "0.0.0.0"
        let address = bindAddress ?? wildcard
        do {
            return try SocketAddress(ipAddress: address, port: port)
        } catch {
            throw .cannotProbe("invalid bindto address \(address)")
        }
    }

    /// "127.0.0.1:80" or "[::1]:80", for log lines.
    public var displayName: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
