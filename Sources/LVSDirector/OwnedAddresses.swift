import LVSControl
import LVSVocabulary

/// The addresses the director answers for at layer 2 and forwards: the services' VIPs and
/// what VRRP instances hold, less what any instance released (see `AddressOwnership`).
struct OwnedAddresses: Sendable, Equatable {
    var serviceAddresses: Set<InetAddress> = []
    /// The last message of each instance, by instance name.
    var ownerships: [String: AddressOwnership] = [:]

    var owned: Set<InetAddress> {
        var result = serviceAddresses
        for o in ownerships.values { result.formUnion(o.held) }
        for o in ownerships.values { result.subtract(o.released) }
        return result
    }
}
