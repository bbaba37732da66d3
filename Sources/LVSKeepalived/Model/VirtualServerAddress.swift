import LVSVocabulary

/// What follows `virtual_server`: an address and port, `fwmark N` or `group NAME`.
public enum VirtualServerAddress: Hashable, Sendable, CustomStringConvertible {
    /// Port 0 means none was given (allowed for persistent services only).
    case address(InetAddress, port: UInt16)
    case fwmark(UInt32)
    case group(String)

    /// The words after `virtual_server`.
    public var description: String {
        switch self {
        case .address(let address, let port): port == 0 ? address.description : "\(address) \(port)"
        case .fwmark(let mark): "fwmark \(mark)"
        case .group(let name): "group \(name)"
        }
    }
}
