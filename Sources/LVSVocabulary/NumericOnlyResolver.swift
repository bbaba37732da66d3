/// Resolves nothing: what ipvsadm does on a host without /etc/hosts, /etc/services or DNS
/// (the oracle VM is such a host).
public struct NumericOnlyResolver: NameResolver {
    public init() {}
    public func hostName(for address: InetAddress) -> String? { nil }
    public func serviceName(for port: UInt16, proto: TransportProtocol) -> String? { nil }
    public func address(forHost name: String, family: InetAddress.Family?) -> InetAddress? { nil }
    public func port(forService name: String, proto: TransportProtocol) -> UInt16? { nil }
}
