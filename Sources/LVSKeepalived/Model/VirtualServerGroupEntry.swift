import LVSVocabulary

/// One line of a `virtual_server_group`: an address range with a port, or a firewall mark.
public enum VirtualServerGroupEntry: Hashable, Sendable {
    /// `first` to `last` inclusive (equal for a single address); port 0 means none was given.
    /// Written as `A`, `A-B` (last part of the address), `A-C` (whole end address) or `A/len`.
    case addressRange(first: InetAddress, last: InetAddress, port: UInt16)
    /// `fwmark N [inet|inet6]`; the family is nil when not given.
    case fwmark(UInt32, family: InetAddress.Family?)

    /// The entry as a virtual_server_group line.
    public var configurationText: String {
        switch self {
        case .addressRange(let first, let last, let port):
            let address = first == last ? first.description : "\(first)-\(last)"
            return port == 0 ? address : "\(address) \(port)"
        case .fwmark(let mark, let family):
            guard let family else { return "fwmark \(mark)" }
            return "fwmark \(mark) \(family == .inet ? "inet" : "inet6")"
        }
    }
}
