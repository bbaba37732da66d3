import LVSCore
import LVSVocabulary

/// `address:port` as ipvsadm prints it (addrport_to_anyname): IPv6 in brackets, names from
/// the resolver unless numeric, numbers where the resolver has none.
struct EndpointNamer {
    var numeric: Bool
    var resolver: any NameResolver

    /// ipvsadm formats into a 60-byte buffer, so a long host name loses its tail (and port).
    static let bufferLimit = 59

    /// `proto` nil means no service-name lookup (fwmark services and IP templates carry none).
    func name(_ address: InetAddress, _ port: UInt16, proto: TransportProtocol?) -> String {
        let host = numeric ? address.description : (resolver.hostName(for: address) ?? address.description)
        var portText = String(port)
        if !numeric, let proto, let service = resolver.serviceName(for: port, proto: proto) {
            portText = service
        }
        let text = address.isV4 ? "\(host):\(portText)" : "[\(host)]:\(portText)"
        return CFormat.truncated(text, bytes: Self.bufferLimit)
    }
}
