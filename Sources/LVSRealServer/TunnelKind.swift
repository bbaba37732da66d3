import LVSCore
import LVSVocabulary

/// How tunnelled traffic from the director reaches this real server when the kernel cannot
/// terminate the tunnel itself.
public enum TunnelKind: Sendable, Hashable, CustomStringConvertible {
    /// IP-in-IP: outer protocol 4 (IPv4 inner) or 41 (IPv6 inner), the director's `--tun-type ipip`.
    case ipip
    /// Generic UDP Encapsulation on a UDP port, the director's `--tun-type gue --tun-port N`.
    case gue(port: UInt16)

    public var description: String {
        switch self {
        case .ipip: "ipip"
        case .gue(let port): "gue:\(port)"
        }
    }

    /// Parses `description` ("ipip", "gue:5555").
    public init?(stateText text: String) {
        if text == "ipip" {
            self = .ipip
            return
        }
        guard text.hasPrefix("gue:"), let port = UInt16(text.dropFirst(4)), port != 0 else { return nil }
        self = .gue(port: port)
    }
}
