import LVSCore
import LVSVocabulary

/// A service as node_exporter's IPVS collector labels it (from /proc/net/ip_vs): an address
/// service has its protocol's name and an empty mark; a fwmark service has proto "FWM", an empty
/// local address, local port "0" and the mark as the kernel prints it (8 upper-case hex digits).
public struct ServiceLabels: Sendable, Equatable {
    public var localAddress: String
    public var localPort: String
    public var proto: String
    public var localMark: String

    public init(_ key: ServiceKey) {
        switch key {
        case .address(let proto, let address, let port):
            localAddress = address.description
            localPort = String(port)
            self.proto = proto.ipvsadmName
            localMark = ""
        case .fwmark(let mark, _):
            localAddress = ""
            localPort = "0"
            proto = "FWM"
            let hex = String(mark, radix: 16, uppercase: true)
            localMark = String(repeating: "0", count: max(0, 8 - hex.count)) + hex
        }
    }

    /// The service's labels as lvs_service_* metrics carry them (alphabetical, as node_exporter emits).
    public var pairs: [(String, String)] {
        [("local_address", localAddress), ("local_mark", localMark), ("local_port", localPort), ("proto", proto)]
    }

    /// node_exporter's backend labels, alphabetical, for the real server `destination`.
    public func backendPairs(_ destination: DestinationKey) -> [(String, String)] {
        [
            ("local_address", localAddress), ("local_mark", localMark), ("local_port", localPort), ("proto", proto),
            ("remote_address", destination.address.description), ("remote_port", String(destination.port)),
        ]
    }
}
