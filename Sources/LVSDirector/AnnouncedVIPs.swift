import LVSCore
import LVSVocabulary

/// Which VIPs a director may announce to the router: those it can serve. A VIP is served while
/// at least one real server of one of its services has a weight above 0 (a health checker
/// that fails them all sets them to 0 or removes them) and the director is not draining.
/// Firewall-mark services have no address of their own and announce nothing.
public enum AnnouncedVIPs {
    public static func healthy(in table: TableSnapshot, draining: Bool) -> [InetAddress] {
        if draining { return [] }
        var served = Set<InetAddress>()
        for service in table.services {
            guard case .address(_, let vip, _) = service.config.key else { continue }
            if service.destinations.contains(where: { $0.config.weight > 0 }) { served.insert(vip) }
        }
        return served.sorted()
    }
}
