/// The labs the demo and the tests use.
///
/// Flat (direct routing / tunnelling), one segment "lan" = 198.18.0.0/24, 2001:db8::/64:
///
/// | host     | eth0                         |
/// |----------|------------------------------|
/// | client   | 198.18.0.100, 2001:db8::100  |
/// | director | 198.18.0.2,   2001:db8::2    |
/// | rs1      | 198.18.0.11,  2001:db8::11   |
/// | rs2      | 198.18.0.12,  2001:db8::12   |
///
/// NAT: client and director eth0 as above on "lan"; director eth1 198.18.1.1 / 2001:db8:1::1 on
/// segment "backend" = 198.18.1.0/24, 2001:db8:1::/64 with rs1 198.18.1.11 and rs2 198.18.1.12
/// (…:1::11, …:1::12), whose default routes point at the director.
/// The VIP (`virtualAddress`) is on no interface: the director answers for it.
///
/// Pair (two directors, VRRP failover): the flat lan plus "director2" (198.18.0.3, 2001:db8::3)
/// on it, both directors also on "backend" (198.18.1.1, 198.18.1.2), rs1/rs2 on the lan for
/// direct routing and rs3/rs4 (198.18.1.11, 198.18.1.12) on the backend for NAT, whose default
/// route is the floating gateway 198.18.1.254 that VRRP moves with the VIPs.
public enum LabTopology {
    public static let virtualAddress = "198.18.0.50"
    public static let virtualAddress6 = "2001:db8::50"
    public static let lanSegment = "lan"
    public static let backendSegment = "backend"

    public static let client = "198.18.0.100"
    public static let client6 = "2001:db8::100"
    public static let directorLAN = "198.18.0.2"
    public static let directorLAN6 = "2001:db8::2"
    /// The director's backend (NAT) address: the real servers' default gateway.
    public static let directorBackend = "198.18.1.1"
    public static let directorBackend6 = "2001:db8:1::1"
    /// rs1 and rs2 on the flat lan (DR, TUN).
    public static let realServersLAN = ["198.18.0.11", "198.18.0.12"]
    public static let realServersLAN6 = ["2001:db8::11", "2001:db8::12"]
    /// rs1 and rs2 behind the director (NAT).
    public static let realServersBackend = ["198.18.1.11", "198.18.1.12"]
    public static let realServersBackend6 = ["2001:db8:1::11", "2001:db8:1::12"]

    /// The second director of the pair, and both directors' backend addresses.
    public static let director2LAN = "198.18.0.3"
    public static let director2LAN6 = "2001:db8::3"
    public static let director2Backend = "198.18.1.2"
    /// The pair's NAT real servers' default gateway: a VRRP virtual address, on no interface.
    public static let floatingGateway = "198.18.1.254"
    /// The pair's second VIP (NAT service; `virtualAddress` is the direct-routing one).
    public static let virtualAddressNAT = "198.18.0.51"

    public static func flat(transmitChecksumOffload: Bool? = nil) -> [LabHostSpec] {
        [
            host("client", lanSegment, client, client6, offload: transmitChecksumOffload),
            host("director", lanSegment, directorLAN, directorLAN6, offload: transmitChecksumOffload),
        ]
            + (0..<2).map { i in
                host("rs\(i + 1)", lanSegment, realServersLAN[i], realServersLAN6[i], offload: transmitChecksumOffload)
            }
    }

    public static func nat(transmitChecksumOffload: Bool? = nil) -> [LabHostSpec] {
        let viaDirector = [["default", "via", directorBackend], ["-6", "default", "via", directorBackend6]]
        var director = host("director", lanSegment, directorLAN, directorLAN6, offload: transmitChecksumOffload)
        director.interfaces.append(
            LabInterfaceSpec(
                name: "eth1", segment: backendSegment,
                addresses: [directorBackend + "/24", directorBackend6 + "/64"]))
        return [host("client", lanSegment, client, client6, offload: transmitChecksumOffload), director]
            + (0..<2).map { i in
                host(
                    "rs\(i + 1)", backendSegment, realServersBackend[i], realServersBackend6[i], routes: viaDirector,
                    offload: transmitChecksumOffload)
            }
    }

    public static func pair() -> [LabHostSpec] {
        func director(_ name: String, _ lan: String, _ lan6: String, _ backend: String) -> LabHostSpec {
            var spec = host(name, lanSegment, lan, lan6, offload: nil)
            spec.interfaces.append(
                LabInterfaceSpec(name: "eth1", segment: backendSegment, addresses: [backend + "/24"]))
            return spec
        }
        let viaGateway = [["default", "via", floatingGateway]]
        return [
            host("client", lanSegment, client, client6, offload: nil),
            director("director", directorLAN, directorLAN6, directorBackend),
            director("director2", director2LAN, director2LAN6, director2Backend),
        ]
            + (0..<2).map { i in host("rs\(i + 1)", lanSegment, realServersLAN[i], realServersLAN6[i], offload: nil) }
            + (0..<2).map { i in
                host(
                    "rs\(i + 3)", backendSegment, realServersBackend[i], realServersBackend6[i], routes: viaGateway,
                    offload: nil)
            }
    }

    /// The addresses as shell assignments, for scripts that build the same lab themselves
    /// (the benchmark): `eval "$(lvs lab-topology)"`.
    public static var shellAssignments: String {
        """
        VIP=\(virtualAddress)
        CL_IP=\(client)
        DIR_LAN_IP=\(directorLAN)
        DIR_BACK_IP=\(directorBackend)
        RS_LAN_IP=(\(realServersLAN.joined(separator: " ")))
        RS_BACK_IP=(\(realServersBackend.joined(separator: " ")))

        """
    }

    private static func host(
        _ name: String, _ segment: String, _ v4: String, _ v6: String,
        routes: [[String]] = [], offload: Bool?
    ) -> LabHostSpec {
        LabHostSpec(
            name: name,
            interfaces: [LabInterfaceSpec(name: "eth0", segment: segment, addresses: [v4 + "/24", v6 + "/64"])],
            routes: routes, transmitChecksumOffload: offload)
    }
}
