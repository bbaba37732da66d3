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
    /// the delete succeed whether or not it existed). The endpoints are elements of sets, one
    /// per address family and port kind, each matched by one rule: the kernel does one hash
    /// lookup per packet whether the director has one service or 100,000 (a rule per service
    /// would make every packet the kernel sees walk them all).
    var script: String {
        var sets: [String] = []
        var rules: [String] = []
        for (name, endpoints, side, portSide, tail) in [
            ("services", services, "daddr", "dport", ""),
            ("nat_servers", natServers, "saddr", "sport", " fib daddr type != local"),
        ] {
            for v4 in [true, false] {
                let family = v4 ? "ip" : "ip6"
                let address = v4 ? "ipv4_addr" : "ipv6_addr"
                let ofFamily = endpoints.filter { $0.address.isV4 == v4 }
                let withPort = ofFamily.filter { $0.port != 0 }
                let anyPort = ofFamily.filter { $0.port == 0 }
                if !withPort.isEmpty {
                    let set = "\(name)_\(family)"
                    sets.append(
                        Self.set(
                            set, type: "\(address) . inet_proto . inet_service",
                            withPort.map {
                                "\($0.address) . \(Self.protocolName($0.proto)) . \($0.port)"
                            }))
                    rules.append("\(family) \(side) . meta l4proto . th \(portSide) @\(set)\(tail) drop")
                }
                if !anyPort.isEmpty {
                    let set = "\(name)_\(family)_any_port"
                    sets.append(
                        Self.set(
                            set, type: "\(address) . inet_proto",
                            anyPort.map {
                                "\($0.address) . \(Self.protocolName($0.proto))"
                            }))
                    rules.append("\(family) \(side) . meta l4proto @\(set)\(tail) drop")
                }
            }
        }
        var lines = ["table inet \(Self.table)", "delete table inet \(Self.table)", "table inet \(Self.table) {"]
        lines += sets
        lines += ["    chain prerouting {", "        type filter hook prerouting priority raw; policy accept;"]
        lines += rules.map { "        " + $0 }
        lines += ["    }", "}"]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func set(_ name: String, type: String, _ elements: [String]) -> String {
        "    set \(name) {\n        type \(type)\n        elements = { " + elements.joined(separator: ",\n            ")
            + " }\n    }"
    }

    private static func protocolName(_ proto: TransportProtocol) -> String {
        switch proto {
        case .tcp: "tcp"
        case .udp: "udp"
        case .sctp: "sctp"
        }
    }

    /// Declares the table: creates it empty, or leaves one that is there as it is.
    static var declaration: String { "table inet \(table)\n" }

    /// Removes the table (a no-op when it is not there).
    static var removal: String { "table inet \(table)\ndelete table inet \(table)\n" }
}
