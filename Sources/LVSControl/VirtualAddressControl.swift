import LVSCore
import LVSVocabulary

/// What a VRRP instance needs from the director: say which addresses it owns, and have it
/// announce them (gratuitous ARP / unsolicited neighbour advertisement) from its interfaces.
public protocol VirtualAddressControl: Sendable {
    func setOwnership(_ ownership: AddressOwnership) throws(IPVSControlError)
    /// One gratuitous ARP (IPv4) or unsolicited NA (IPv6) per address now, from every director
    /// interface that reaches it; addresses the director does not own are skipped.
    func announce(_ addresses: [InetAddress]) throws(IPVSControlError)
}
