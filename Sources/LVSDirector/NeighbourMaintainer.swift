import LVSControl
import LVSCore
import LVSLinux
import LVSVocabulary
import LVSWire
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The control plane's layer-2/3 keeper, on its own thread inside the director's network
/// namespace (the kernel tables it reads are per namespace, and /proc/thread-self shows the
/// calling thread's): it publishes `NetworkView`s with the VIPs, routes and resolved
/// neighbours, makes the kernel resolve next hops the workers or the table need (a UDP probe),
/// refreshes them, and asks worker 0 to announce new VIPs with gratuitous ARP.
final class NeighbourMaintainer: Sendable {
    struct Desired {
        /// Real servers of the table: their next hops are resolved ahead of the first packet.
        var realServers: Set<InetAddress> = []
        /// When each pending next hop was last probed (ms).
        var probed: [NeighbourKey: Int64] = [:]
        /// Next hops a real server or a packet needs and the kernel has not resolved yet, with
        /// when they were first found missing (ms).
        var unresolved: [NeighbourKey: Int64] = [:]
        var addresses = OwnedAddresses()
    }

    let cell: NetworkViewCell
    let slots: [WorkerSlot]
    let interfaceSlots: [String: Int]
    let probe: NeighbourProbe
    let logger: Logger
    /// nil with `--no-kernel-guard`.
    let kernelGuard: KernelGuard?
    private let desired = Mutex(Desired())
    private let ipv6Neighbours = Mutex<[NeighbourKey: MACAddress]>([:])
    private let lastIPv6NeighbourRead = Atomic<Int64>(.min / 2)

    static let period: Int64 = 50
    /// While a next hop is being resolved, the kernel's table is read this often.
    static let resolvingPeriod: Int64 = 3
    /// How long after a probe the fast period lasts (an answer takes a millisecond on a LAN;
    /// a dead host must not keep the loop spinning).
    static let resolvingWindow: Int64 = 200
    static let neighbourReadInterval: Int64 = 1000
    /// Routes and addresses are read this often (and a failed guard install is retried).
    static let routeReadInterval: Int64 = 2000
    static let reprobeInterval: Int64 = 1000
    /// Resolved real servers are probed this often so the kernel revalidates their entries.
    static let refreshInterval: Int64 = 15_000

    init(
        cell: NetworkViewCell, slots: [WorkerSlot], interfaceSlots: [String: Int], probe: NeighbourProbe,
        kernelGuard: KernelGuard?, logger: Logger
    ) {
        self.cell = cell
        self.slots = slots
        self.interfaceSlots = interfaceSlots
        self.probe = probe
        self.logger = logger
        self.kernelGuard = kernelGuard
    }

    /// After every applied admin batch: publish the VIP set at once (ARP answers must not wait),
    /// announce the new VIPs, and remember the real servers to resolve.
    /// The next hops still being resolved, with how long (ms) each has been missing.
    func unresolved(now: Int64) -> [(key: NeighbourKey, missingFor: Int64)] {
        desired.withLock { d in d.unresolved.map { ($0.key, now - $0.value) } }
    }

    func tableChanged(_ table: TableSnapshot) {
        var vips = Set<InetAddress>()
        var servers = Set<InetAddress>()
        for svc in table.services {
            if case .address(_, let a, _) = svc.config.key { vips.insert(a) }
            for d in svc.destinations where d.config.forward != .local { servers.insert(d.config.key.address) }
        }
        let owned = desired.withLock { d in
            d.realServers = servers
            d.addresses.serviceAddresses = vips
            return d.addresses.owned
        }
        let snap = publish(owned)
        kernelGuard?.tableChanged(table)
        // Resolve new real servers now rather than on the maintainer's next round, so the
        // first packets to them wait as little as possible.
        for rs in servers.sorted() {
            guard let hop = snap.nextHop(to: rs) else {
                if rs.isV4 {
                    logger.warning(
                        "no route to the real server through the director's interfaces (another --interface?)",
                        metadata: ["server": "\(rs)"])
                }
                continue
            }
            if hop.mac == nil { probe.probe(hop.address) }
        }
    }

    /// A VRRP instance changed what it holds: publish at once, announce what is newly owned.
    func ownershipChanged(_ ownership: AddressOwnership) {
        let owned = desired.withLock { d in
            d.addresses.ownerships[ownership.owner] = ownership
            return d.addresses.owned
        }
        logger.info(
            "address ownership",
            metadata: [
                "instance": "\(ownership.owner)", "held": "\(ownership.held.map(\.description))",
                "released": "\(ownership.released.map(\.description))",
            ])
        // Not announced here: the instance asks for keepalived's bursts itself (`announceOwned`).
        publish(owned, announcing: false)
    }

    /// Announces the addresses of `addresses` the director owns now.
    func announceOwned(_ addresses: [InetAddress]) {
        let snap = cell.current
        let owned = addresses.filter { snap.isVirtual($0) }
        if !owned.isEmpty { announce(owned, snap) }
    }

    /// Publishes the owned set; announces the addresses that were not owned before, if asked.
    @discardableResult
    private func publish(_ owned: Set<InetAddress>, announcing: Bool = true) -> NetworkView {
        var added: [InetAddress] = []
        let snap = cell.update { old in
            added = owned.subtracting(old.virtualAddresses).sorted()
            return old.virtualAddresses == owned ? old : old.replacing(virtualAddresses: owned)
        }
        if announcing && !added.isEmpty { announce(added, snap) }
        return snap
    }

    func announce(_ vips: [InetAddress], _ snap: NetworkView) {
        let announcements = vips.flatMap { vip in
            snap.announcementInterfaces(for: vip).map { Announcement(interface: $0, address: vip) }
        }
        slots[0].post { $0.queue(announcements) }
        logger.info("announcing VIPs", metadata: ["vips": "\(vips.map(\.description))"])
    }

    /// The maintainer's loop; returns when `stop` is set.
    func run(until stop: StopFlag) {
        var nextNeighbourRead: Int64 = 0
        var nextRouteRead: Int64 = 0
        var nextRefresh: Int64 = 0
        var lastProbe: Int64 = .min / 2
        var reported: [NeighbourKey: MACAddress] = [:]
        while !stop.isSet {
            let now = MonotonicClock.now().milliseconds
            var wanted = Set<NeighbourKey>()
            for slot in slots { wanted.formUnion(slot.perform { $0.drainWanted() }) }
            let snap = cell.current
            let servers = desired.withLock { $0.realServers }
            var unresolved = wanted
            for rs in servers {
                if let hop = snap.nextHop(to: rs), hop.mac == nil {
                    unresolved.insert(NeighbourKey(address: hop.address, interface: hop.interface))
                }
            }
            if now >= nextRouteRead {
                refreshRoutes()
                kernelGuard?.reconcile()
                nextRouteRead = now + Self.routeReadInterval
            } else {
                kernelGuard?.reconcileIfChanged()
            }
            if now >= nextNeighbourRead || !unresolved.isEmpty {
                refreshNeighbours(
                    ipv6Awaited: unresolved.contains { !$0.address.isV4 },
                    ipv6Configured: servers.contains { !$0.isV4 })
                nextNeighbourRead = now + Self.neighbourReadInterval
            }
            let current = cell.current
            reportNeighbourChanges(servers: servers, in: current, reported: &reported)
            let stillMissing = unresolved.filter { current.neighbours[$0] == nil }
            let due = desired.withLock { d -> [NeighbourKey] in
                var out: [NeighbourKey] = []
                for key in stillMissing where now - (d.probed[key] ?? .min / 2) >= Self.reprobeInterval {
                    d.probed[key] = now
                    out.append(key)
                }
                d.probed = d.probed.filter { now - $0.value < 60_000 }
                var missing: [NeighbourKey: Int64] = [:]
                for key in stillMissing { missing[key] = d.unresolved[key] ?? now }
                d.unresolved = missing
                return out
            }
            for key in due { probe.probe(key.address) }
            if !due.isEmpty { lastProbe = now }
            if now >= nextRefresh {
                for rs in servers {
                    if let hop = current.nextHop(to: rs), hop.mac != nil { probe.probe(hop.address) }
                }
                nextRefresh = now + Self.refreshInterval
            }
            let resolving = !stillMissing.isEmpty && now - lastProbe < Self.resolvingWindow
            sleepMilliseconds(resolving ? Self.resolvingPeriod : Self.period)
        }
        kernelGuard?.remove()
    }

    /// One log line when a real server's next hop gets (or changes, or loses) its MAC: a bounded
    /// set, changing rarely, so no rate limit is needed.
    private func reportNeighbourChanges(
        servers: Set<InetAddress>, in view: NetworkView, reported: inout [NeighbourKey: MACAddress]
    ) {
        var seen: [NeighbourKey: MACAddress] = [:]
        for rs in servers {
            guard let hop = view.nextHop(to: rs) else { continue }
            let key = NeighbourKey(address: hop.address, interface: hop.interface)
            if let mac = view.neighbours[key] { seen[key] = mac }
        }
        for (key, mac) in seen where reported[key] != mac {
            logger.notice(
                "neighbour resolved",
                metadata: ["address": "\(key.address)", "mac": "\(mac)", "interface": "\(key.interface)"])
        }
        for key in reported.keys where seen[key] == nil {
            logger.notice(
                "neighbour lost", metadata: ["address": "\(key.address)", "interface": "\(key.interface)"])
        }
        reported = seen
    }

    /// Reads the kernel's neighbour tables. IPv6 has no /proc file, so `ip -6 neigh` (a process)
    /// is asked only when the table has IPv6 real servers or an IPv6 next hop is awaited: at
    /// most every 100 ms while one is being resolved, every second otherwise.
    func refreshNeighbours(ipv6Awaited: Bool = false, ipv6Configured: Bool = false) {
        guard var neighbours = KernelTableReader.ipv4Neighbours(interfaces: interfaceSlots) else { return }
        let now = MonotonicClock.now().milliseconds
        let age = now - lastIPv6NeighbourRead.load(ordering: .relaxed)
        if (ipv6Awaited && age >= 100) || (ipv6Configured && age >= Self.neighbourReadInterval) {
            lastIPv6NeighbourRead.store(now, ordering: .relaxed)
            if let out = try? Subprocess.run(["ip", "-6", "neigh", "show"]), out.status == 0 {
                let fresh = KernelTables.neighbours6(ipNeighbour: out.stdout, interfaces: interfaceSlots)
                ipv6Neighbours.withLock { $0 = fresh }
            }
        }
        neighbours.merge(ipv6Neighbours.withLock { $0 }) { v4, _ in v4 }
        cell.update { old in old.neighbours == neighbours ? old : old.replacing(neighbours: neighbours) }
    }

    func refreshRoutes() {
        guard let routes = KernelTableReader.routes(interfaces: interfaceSlots) else { return }
        let addresses = (try? InterfaceAddresses.all()) ?? [:]
        let local = Set(addresses.values.joined())
        cell.update { old in
            let sortedNew = NetworkView(interfaces: [], routes: routes).routes
            var interfaces = old.interfaces
            for i in interfaces.indices {
                if let a = addresses[interfaces[i].name] {
                    interfaces[i].addresses = a.filter(\.isV4) + a.filter { !$0.isV4 }
                }
            }
            if sortedNew == old.routes && local == old.localAddresses && interfaces == old.interfaces { return old }
            return old.replacing(interfaces: interfaces, routes: routes, localAddresses: local)
        }
    }
}

func sleepMilliseconds(_ ms: Int64) {
    var request = timespec(tv_sec: Int(ms / 1000), tv_nsec: Int(ms % 1000) * 1_000_000)
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
}
