import LVSVocabulary

/// Which virtual addresses one VRRP instance lets the director own at layer 2. The director
/// answers ARP / neighbour solicitations for an address, and forwards what is sent to it, only
/// while it owns it: a service VIP is owned unless some instance released it, and an address
/// an instance holds is owned even with no service on it (a NAT real server's floating
/// gateway). Each `owner`'s message replaces what that owner said before.
public struct AddressOwnership: Codable, Sendable, Hashable {
    /// The instance speaking (keepalived's vrrp_instance name).
    public var owner: String
    /// Addresses to answer for (the instance is MASTER).
    public var held: [InetAddress]
    /// Addresses to stay silent for (BACKUP, FAULT, stopped). Released wins over held when two
    /// instances disagree: two directors answering for one address is the failure to avoid.
    public var released: [InetAddress]

    public init(owner: String, held: [InetAddress] = [], released: [InetAddress] = []) {
        self.owner = owner
        self.held = held
        self.released = released
    }
}
