import LVSControlTestSupport
import LVSCore
import LVSDirector
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import Testing

extension DirectorLabTests {
    static let vip6 = LabTopology.virtualAddress6

    @Test("IPv6 DR: HTTP to [VIP] answered by rs1 and rs2 in turn (the director answers neighbour discovery)")
    func directRouting6() throws {
        let lab = try DirectorLab(name: "dr6", hosts: LabTopology.flat())
        defer { lab.close() }
        let client = lab["client"]
        try lab.startServers(port: 80, probeFrom: client, ipv6: true) { rs, name in
            // The VIP on lo: Linux answers neighbour solicitations only for the receiving
            // interface's own addresses, so nothing more is needed to keep it quiet.
            try rs.ip("-6", "addr", "add", "\(Self.vip6)/128", "dev", "lo")
            return [Programs.http6(name: name, port: 80)]
        }
        let (_, ipvsadm) = try lab.startDirector(interfaces: ["eth0"], workers: 2)
        ipvsadm.addService("-t [\(Self.vip6)]:80", servers: ["[2001:db8::11]:80", "[2001:db8::12]:80"], forward: "-g")

        let answers = try client.lines(Programs.httpGets("http://[\(Self.vip6)]/", count: 4))
        #expect(answers.count == 4 && Set(answers) == ["rs1", "rs2"], "\(answers)")
        #expect(answers.count == 4 && alternates(answers), "\(answers)")
        let stats = ipvsadm("-L -n --stats")
        #expect(
            ["[2001:db8::11]:80", "[2001:db8::12]:80"].allSatisfy {
                serverColumns(stats, $0).dropFirst(2).first == "0"
            }, "\(stats)")
    }

    @Test("IPv6 NAT: HTTP to [VIP] answered in turn by real servers behind the director, replies from [VIP]")
    func masquerade6() throws {
        let lab = try DirectorLab(name: "nat6", hosts: LabTopology.nat())
        defer { lab.close() }
        let client = lab["client"]
        try lab.startServers(port: 8080, probeFrom: lab["director"], ipv6: true) { _, name in
            [Programs.http6(name: name, port: 8080)]
        }
        let (director, ipvsadm) = try lab.startDirector(interfaces: ["eth0", "eth1"], workers: 2)
        ipvsadm.addService(
            "-t [\(Self.vip6)]:80", servers: ["[2001:db8:1::11]:8080", "[2001:db8:1::12]:8080"],
            forward: "-m")

        let answers = try client.lines(Programs.httpGets("http://[\(Self.vip6)]/", count: 4))
        #expect(answers.count == 4 && Set(answers) == ["rs1", "rs2"], "\(answers)")
        #expect(answers.count == 4 && alternates(answers), "\(answers)")
        let stats = ipvsadm("-L -n --stats")
        #expect(
            ["[2001:db8:1::11]:8080", "[2001:db8:1::12]:8080"].allSatisfy {
                (Int(serverColumns(stats, $0).dropFirst(2).first ?? "") ?? 0) >= 3
            }, "\(stats)")
        #expect(director.counters().passed(.engine(.noConnection)) == 0)
    }
}

extension DirectorLabTests {
    @Test(
        "IPv6 TUN: HTTP to [VIP] tunnelled (IPv6 in IPv6) to real servers that decapsulate with lvs realserver",
        .enabled(if: LVSBinary.url != nil, "needs the built lvs binary"))
    func tunnel6() throws {
        let lab = try DirectorLab(name: "tun6", hosts: LabTopology.flat())
        defer { lab.close() }
        let client = lab["client"]
        let lvs = try #require(LVSBinary.path)
        try lab.startServers(port: 80, probeFrom: client, ipv6: true) { _, name in
            [
                [lvs, "realserver", "start", "--vip", Self.vip6, "--tunnel", "ipip"],
                Programs.http6(name: name, port: 80),
            ]
        }
        let (_, ipvsadm) = try lab.startDirector(interfaces: ["eth0"], workers: 2)
        ipvsadm.addService("-t [\(Self.vip6)]:80", servers: ["[2001:db8::11]:80", "[2001:db8::12]:80"], forward: "-i")

        let answers = try client.lines(Programs.httpGets("http://[\(Self.vip6)]/", count: 4))
        #expect(answers.count == 4 && Set(answers) == ["rs1", "rs2"], "\(answers)")
        #expect(answers.count == 4 && alternates(answers), "\(answers)")
        for name in ["rs1", "rs2"] { _ = try lab[name].exec([lvs, "realserver", "stop"]) }
    }
}
