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
public enum LabTopology {
    public static let virtualAddress = "198.18.0.50"
    public static let virtualAddress6 = "2001:db8::50"
    public static let lanSegment = "lan"
    public static let backendSegment = "backend"

    public static func flat(transmitChecksumOffload: Bool? = nil) -> [LabHostSpec] {
        [
            host("client", "lan", "198.18.0.100", "2001:db8::100", offload: transmitChecksumOffload),
            host("director", "lan", "198.18.0.2", "2001:db8::2", offload: transmitChecksumOffload),
            host("rs1", "lan", "198.18.0.11", "2001:db8::11", offload: transmitChecksumOffload),
            host("rs2", "lan", "198.18.0.12", "2001:db8::12", offload: transmitChecksumOffload),
        ]
    }

    public static func nat(transmitChecksumOffload: Bool? = nil) -> [LabHostSpec] {
        let viaDirector = [["default", "via", "198.18.1.1"], ["-6", "default", "via", "2001:db8:1::1"]]
        var director = host("director", "lan", "198.18.0.2", "2001:db8::2", offload: transmitChecksumOffload)
        director.interfaces.append(LabInterfaceSpec(name: "eth1", segment: backendSegment,
                                                    addresses: ["198.18.1.1/24", "2001:db8:1::1/64"]))
        return [
            host("client", "lan", "198.18.0.100", "2001:db8::100", offload: transmitChecksumOffload),
            director,
            host("rs1", backendSegment, "198.18.1.11", "2001:db8:1::11", routes: viaDirector, offload: transmitChecksumOffload),
            host("rs2", backendSegment, "198.18.1.12", "2001:db8:1::12", routes: viaDirector, offload: transmitChecksumOffload),
        ]
    }

    private static func host(_ name: String, _ segment: String, _ v4: String, _ v6: String,
                             routes: [[String]] = [], offload: Bool?) -> LabHostSpec {
        LabHostSpec(name: name,
                           interfaces: [LabInterfaceSpec(name: "eth0", segment: segment, addresses: [v4 + "/24", v6 + "/64"])],
                           routes: routes, transmitChecksumOffload: offload)
    }
}
