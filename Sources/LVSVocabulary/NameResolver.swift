/// Name lookups ipvsadm does (getaddrinfo/getnameinfo, getservbyname/getservbyport). Injected
/// so the pure formatters and parser stay free of syscalls; the executable supplies a real one.
public protocol NameResolver: Sendable {
    /// Host name for an address when listing without -n; nil prints the number.
    func hostName(for address: InetAddress) -> String?
    /// Service name for a port ("http" for 80/tcp) when listing without -n; nil prints the number.
    func serviceName(for port: UInt16, proto: TransportProtocol) -> String?
    /// Address for a host name given on the command line; nil when unknown.
    func address(forHost name: String, family: InetAddress.Family?) -> InetAddress?
    /// Port for a service name given on the command line ("http" -> 80); nil when unknown.
    func port(forService name: String, proto: TransportProtocol) -> UInt16?
}
