import LVSCore
import LVSVocabulary
import LVSWire
import Synchronization

/// Everything the workers need to know about layer 2 and 3, immutable: the control plane
/// builds a new one when something changes and publishes it; a worker picks up a new one at
/// the start of a round (`NetworkViewReader`). Lookups allocate nothing.
public final class NetworkView: Sendable {
    public let generation: UInt64
    public let interfaces: [DirectorInterface]
    /// Longest prefix first (then lowest metric), so the first match wins.
    public let routes: [DirectorRoute]
    public let neighbours: [NeighbourKey: MACAddress]
    /// Addresses of the configured services: the director answers ARP for these and treats
    /// packets to them as client traffic.
    public let virtualAddresses: Set<InetAddress>
    /// The addresses of the director's own interfaces: traffic to them is the kernel's.
    public let localAddresses: Set<InetAddress>

    /// Every view made in this process has its own generation, so a generation names one view
    /// (the workers' next-hop caches rely on it).
    private static let generations = Atomic<UInt64>(0)

    public init(
        interfaces: [DirectorInterface], routes: [DirectorRoute] = [],
        neighbours: [NeighbourKey: MACAddress] = [:], virtualAddresses: Set<InetAddress> = [],
        localAddresses: Set<InetAddress>? = nil
    ) {
        self.generation = Self.generations.add(1, ordering: .relaxed).newValue
        self.interfaces = interfaces
        self.routes = routes.sorted {
            $0.prefixLength != $1.prefixLength ? $0.prefixLength > $1.prefixLength : $0.metric < $1.metric
        }
        self.neighbours = neighbours
        self.virtualAddresses = virtualAddresses
        self.localAddresses = localAddresses ?? Set(interfaces.flatMap(\.addresses))
    }

    /// A copy with some parts replaced (and so a new generation).
    public func replacing(
        interfaces: [DirectorInterface]? = nil, routes: [DirectorRoute]? = nil,
        neighbours: [NeighbourKey: MACAddress]? = nil, virtualAddresses: Set<InetAddress>? = nil,
        localAddresses: Set<InetAddress>? = nil
    ) -> NetworkView {
        let newInterfaces = interfaces ?? self.interfaces
        return NetworkView(
            interfaces: newInterfaces, routes: routes ?? self.routes,
            neighbours: neighbours ?? self.neighbours, virtualAddresses: virtualAddresses ?? self.virtualAddresses,
            localAddresses: localAddresses ?? (interfaces == nil ? self.localAddresses : nil))
    }

    @inline(__always)
    public func isVirtual(_ a: InetAddress) -> Bool { virtualAddresses.contains(a) }

    @inline(__always)
    public func isLocal(_ a: InetAddress) -> Bool { localAddresses.contains(a) }

    /// The route a packet to `address` takes.
    @inline(__always)
    public func route(to address: InetAddress) -> DirectorRoute? {
        for r in routes where r.matches(address) { return r }
        return nil
    }

    /// The next hop toward `address`: nil without a route; `mac` nil when not resolved.
    @inline(__always)
    public func nextHop(to address: InetAddress) -> NextHop? {
        guard let r = route(to: address) else { return nil }
        let hop = r.gateway ?? address
        return NextHop(
            interface: r.interface, address: hop,
            mac: neighbours[NeighbourKey(address: hop, interface: r.interface)])
    }

    /// Interfaces on which `vip` lives: those whose connected route covers it, else all.
    public func announcementInterfaces(for vip: InetAddress) -> [Int] {
        let connected = routes.filter { $0.gateway == nil && $0.matches(vip) }.map(\.interface)
        var seen = Set<Int>()
        let unique = connected.filter { seen.insert($0).inserted }
        return unique.isEmpty ? Array(interfaces.indices) : unique
    }
}
