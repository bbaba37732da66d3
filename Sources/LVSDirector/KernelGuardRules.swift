import LVSCore
import LVSVocabulary

/// What the kernel must leave alone while the director forwards: the virtual services, and the
/// NAT real servers' replies. Rendered as one nftables table.
///
/// The director sees frames on AF_PACKET taps; the kernel still gets its own copy. Normally it
/// drops it: the VIP is no address of the director and `ip_forward` is off. The seeds' director
/// scripts, written for kernel IPVS, do both things: `ifconfig eth0:0 $VIP up` (the kernel then
/// answers a SYN to VIP:80 with a RST, racing the real server's SYN-ACK) and `echo 1 >
/// ip_forward` (the kernel then forwards a second, untranslated copy of each NAT reply). So when
/// either holds, a raw-priority prerouting chain drops those copies before the stack sees them:
/// TCP/UDP/SCTP to a virtual service, and from a NAT real server's port unless addressed to the
/// director itself (its own health checks and probes still get their answers). ICMP to the VIP
/// (ping) stays the kernel's, as with kernel IPVS.
struct KernelGuardRules: Equatable, Sendable {
    struct Endpoint: Hashable, Sendable, Comparable {
        var proto: TransportProtocol
        var address: InetAddress
        /// 0: every port (a port-0 service, or a real server without a port).
        var port: UInt16

        static func < (a: Self, b: Self) -> Bool {
            (a.address.family.rawValue, a.address.high, a.address.low, a.proto, a.port)
                < (b.address.family.rawValue, b.address.high, b.address.low, b.proto, b.port)
        }
    }

    var services: [Endpoint] = []
    var natServers: [Endpoint] = []

    static let table = "lvs_director_guard"

    init(services: [Endpoint] = [], natServers: [Endpoint] = []) {
        self.services = Set(services).sorted()
        self.natServers = Set(natServers).sorted()
    }

    /// From the table: every address-based service, every masquerading real server.
    init(_ table: TableSnapshot) {
        var services: [Endpoint] = []
        var servers: [Endpoint] = []
        for svc in table.services {
            guard case .address(let proto, let vip, let port) = svc.config.key else { continue }
            services.append(Endpoint(proto: proto, address: vip, port: port))
            for d in svc.destinations where d.config.forward == .masquerade {
                servers.append(Endpoint(proto: proto, address: d.config.key.address, port: d.config.key.port))
            }
        }
        self.init(services: services, natServers: servers)
    }

    var isEmpty: Bool { services.isEmpty && natServers.isEmpty }

    /// An `nft -f` script that replaces the table in one transaction (declaring it first makes
    /// the delete succeed whether or not it existed).
    var script: String {
        var lines = [
            "table inet \(Self.table)",
            "delete table inet \(Self.table)",
            "table inet \(Self.table) {",
            "    chain prerouting {",
            "        type filter hook prerouting priority raw; policy accept;",
        ]
        for s in services { lines.append("        \(Self.match(s, side: "daddr", portSide: "dport")) drop") }
        for r in natServers {
            lines.append("        \(Self.match(r, side: "saddr", portSide: "sport")) fib daddr type != local drop")
        }
        lines += ["    }", "}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Declares the table: creates it empty, or leaves one that is there as it is.
    static var declaration: String { "table inet \(table)\n" }

    /// Removes the table (a no-op when it is not there).
    static var removal: String { "table inet \(table)\ndelete table inet \(table)\n" }

    private static func match(_ e: Endpoint, side: String, portSide: String) -> String {
        let family = e.address.isV4 ? "ip" : "ip6"
        let proto: String
        switch e.proto {
        case .tcp: proto = "tcp"
        case .udp: proto = "udp"
        case .sctp: proto = "sctp"
        }
        let l4 = e.port == 0 ? "meta l4proto \(proto)" : "\(proto) \(portSide) \(e.port)"
        return "\(family) \(side) \(e.address) \(l4)"
    }
}
