import LVSCore
import LVSWire
import LVSVocabulary

/// One interface the director forwards on, as the data plane needs it. `slot` numbers are
/// positions in `NeighbourSnapshot.interfaces` (and in each worker's ring array).
public struct DirectorInterface: Sendable, Equatable {
    public var name: String
    public var index: Int32
    public var mac: MACAddress
    public var mtu: Int
    /// The interface's own addresses (IPv4 first); the first IPv4 one is the tunnel source.
    public var addresses: [InetAddress]

    public init(name: String, index: Int32, mac: MACAddress, mtu: Int, addresses: [InetAddress]) {
        self.name = name
        self.index = index
        self.mac = mac
        self.mtu = mtu
        self.addresses = addresses
    }

    public var ipv4: InetAddress? { addresses.first { $0.isV4 } }
}

/// A route of the kernel's main table (IPv4 or IPv6) that leaves through one of the director's
/// interfaces.
public struct DirectorRoute: Sendable, Equatable {
    public var family: InetAddress.Family
    /// The IPv4 prefix (IPv4 routes).
    public var prefix: UInt32
    /// The IPv6 prefix's two halves (IPv6 routes).
    public var prefixHigh: UInt64
    public var prefixLow: UInt64
    public var prefixLength: Int
    /// Interface slot.
    public var interface: Int
    /// The gateway, nil for a directly connected network.
    public var gateway: InetAddress?
    public var metric: UInt32

    /// An IPv4 route.
    public init(prefix: UInt32, prefixLength: Int, interface: Int, gateway: InetAddress? = nil, metric: UInt32 = 0) {
        family = .inet
        self.prefixLength = max(0, min(32, prefixLength))
        self.prefix = prefix & DirectorRoute.mask(self.prefixLength)
        prefixHigh = 0
        prefixLow = 0
        self.interface = interface
        self.gateway = gateway
        self.metric = metric
    }

    /// An IPv6 route.
    public init(prefix6 address: InetAddress, prefixLength: Int, interface: Int, gateway: InetAddress? = nil,
                metric: UInt32 = 0) {
        family = .inet6
        self.prefixLength = max(0, min(128, prefixLength))
        prefix = 0
        let (mh, ml) = DirectorRoute.mask6(self.prefixLength)
        prefixHigh = address.high & mh
        prefixLow = address.low & ml
        self.interface = interface
        self.gateway = gateway
        self.metric = metric
    }

    @inline(__always)
    static func mask(_ length: Int) -> UInt32 { length <= 0 ? 0 : UInt32.max << UInt32(32 - min(32, length)) }

    @inline(__always)
    static func mask6(_ length: Int) -> (UInt64, UInt64) {
        if length <= 0 { return (0, 0) }
        if length <= 64 { return (UInt64.max << UInt64(64 - length), 0) }
        return (UInt64.max, length >= 128 ? UInt64.max : UInt64.max << UInt64(128 - length))
    }

    @inline(__always)
    func matches(_ a: InetAddress) -> Bool {
        guard a.family == family else { return false }
        if family == .inet { return a.v4 & Self.mask(prefixLength) == prefix }
        let (mh, ml) = Self.mask6(prefixLength)
        return a.high & mh == prefixHigh && a.low & ml == prefixLow
    }
}

/// Where a packet for some address leaves: interface slot, the host whose MAC it needs (the
/// address itself, or the route's gateway), and that MAC when known.
public struct NextHop: Sendable, Equatable {
    public var interface: Int
    public var address: InetAddress
    public var mac: MACAddress?
}

public struct NeighbourKey: Hashable, Sendable {
    public var address: InetAddress
    public var interface: Int
    public init(address: InetAddress, interface: Int) { self.address = address; self.interface = interface }
}

/// Everything the workers need to know about layer 2 and 3, immutable: the control plane
/// builds a new one when something changes and publishes it; a worker picks up a new one at
/// the start of a round (`SnapshotReader`). Lookups allocate nothing.
public final class NeighbourSnapshot: Sendable {
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

    public init(generation: UInt64 = 0, interfaces: [DirectorInterface], routes: [DirectorRoute] = [],
                neighbours: [NeighbourKey: MACAddress] = [:], virtualAddresses: Set<InetAddress> = [],
                localAddresses: Set<InetAddress>? = nil) {
        self.generation = generation
        self.interfaces = interfaces
        self.routes = routes.sorted {
            $0.prefixLength != $1.prefixLength ? $0.prefixLength > $1.prefixLength : $0.metric < $1.metric
        }
        self.neighbours = neighbours
        self.virtualAddresses = virtualAddresses
        self.localAddresses = localAddresses ?? Set(interfaces.flatMap(\.addresses))
    }

    /// A copy with some parts replaced and the generation bumped.
    public func replacing(interfaces: [DirectorInterface]? = nil, routes: [DirectorRoute]? = nil,
                          neighbours: [NeighbourKey: MACAddress]? = nil, virtualAddresses: Set<InetAddress>? = nil,
                          localAddresses: Set<InetAddress>? = nil) -> NeighbourSnapshot {
        let newInterfaces = interfaces ?? self.interfaces
        return NeighbourSnapshot(
            generation: generation &+ 1, interfaces: newInterfaces, routes: routes ?? self.routes,
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
        return NextHop(interface: r.interface, address: hop,
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
