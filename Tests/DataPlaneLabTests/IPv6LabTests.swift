import LVSCore
import LVSDirector
import LVSLab
import LVSLinux
import Testing

extension DirectorLabTests {
    static let vip6 = LabTopology.virtualAddress6

    @Test("IPv6 DR: HTTP to [VIP] answered by rs1 and rs2 in turn (the director answers neighbour discovery)")
    func directRouting6() throws {
        let lab = try Lab.create(name: "dr6", hosts: LabTopology.flat())
        defer { lab.destroy() }
        let client = lab["client"], directorHost = lab["director"]
        var servers: [ChildProcess] = []
        defer { for s in servers { s.terminate() } }
        for name in ["rs1", "rs2"] {
            let rs = lab[name]
            // The VIP on lo: Linux answers neighbour solicitations only for the receiving
            // interface's own addresses, so nothing more is needed to keep it quiet.
            try rs.ip("-6", "addr", "add", "\(Self.vip6)/128", "dev", "lo")
            servers.append(try rs.start(Programs.http6(name: name, port: 80)))
            #expect(try client.exec(Programs.waitForTCP(rs.primary.ipv6!, 80)).status == 0)
        }
        let director = try directorHost.run {
            try Director.start(.init(interfaces: ["eth0"], workers: 2), logger: testLogger)
        }
        defer { director.stop() }
        let ipvsadm = InProcessIPVSAdm(director.control)
        ipvsadm("-A -t [\(Self.vip6)]:80 -s rr")
        ipvsadm("-a -t [\(Self.vip6)]:80 -r [2001:db8::11]:80 -g")
        ipvsadm("-a -t [\(Self.vip6)]:80 -r [2001:db8::12]:80 -g")

        let answers = try client.lines(Programs.httpGets("http://[\(Self.vip6)]/", count: 4))
        #expect(answers.count == 4 && Set(answers) == ["rs1", "rs2"], "\(answers)")
        #expect(answers.count == 4 && alternates(answers), "\(answers)")
        let stats = ipvsadm("-L -n --stats")
        #expect(["[2001:db8::11]:80", "[2001:db8::12]:80"].allSatisfy { serverColumns(stats, $0).dropFirst(2).first == "0" },
                "\(stats)")
    }

    @Test("IPv6 NAT: HTTP to [VIP] answered in turn by real servers behind the director, replies from [VIP]")
    func masquerade6() throws {
        let lab = try Lab.create(name: "nat6", hosts: LabTopology.nat())
        defer { lab.destroy() }
        let client = lab["client"], directorHost = lab["director"]
        var servers: [ChildProcess] = []
        defer { for s in servers { s.terminate() } }
        for name in ["rs1", "rs2"] {
            servers.append(try lab[name].start(Programs.http6(name: name, port: 8080)))
            #expect(try directorHost.exec(Programs.waitForTCP(lab[name].primary.ipv6!, 8080)).status == 0)
        }
        let director = try directorHost.run {
            try Director.start(.init(interfaces: ["eth0", "eth1"], workers: 2), logger: testLogger)
        }
        defer { director.stop() }
        let ipvsadm = InProcessIPVSAdm(director.control)
        ipvsadm("-A -t [\(Self.vip6)]:80 -s rr")
        ipvsadm("-a -t [\(Self.vip6)]:80 -r [2001:db8:1::11]:8080 -m")
        ipvsadm("-a -t [\(Self.vip6)]:80 -r [2001:db8:1::12]:8080 -m")

        let answers = try client.lines(Programs.httpGets("http://[\(Self.vip6)]/", count: 4))
        #expect(answers.count == 4 && Set(answers) == ["rs1", "rs2"], "\(answers)")
        #expect(answers.count == 4 && alternates(answers), "\(answers)")
        let stats = ipvsadm("-L -n --stats")
        #expect(["[2001:db8:1::11]:8080", "[2001:db8:1::12]:8080"].allSatisfy {
            (Int(serverColumns(stats, $0).dropFirst(2).first ?? "") ?? 0) >= 3
        }, "\(stats)")
        #expect(director.counters().passed(.engine(.noConnection)) == 0)
    }
}

extension DirectorLabTests {
    @Test("IPv6 TUN: HTTP to [VIP] tunnelled (IPv6 in IPv6) to real servers that decapsulate with lvs realserver",
          .enabled(if: DirectorLabTests.lvsBinary != nil, "needs the built lvs binary"))
    func tunnel6() throws {
        let lab = try Lab.create(name: "tun6", hosts: LabTopology.flat())
        defer { lab.destroy() }
        let client = lab["client"], directorHost = lab["director"]
        let lvs = try #require(Self.lvsBinary)
        var servers: [ChildProcess] = []
        defer { for s in servers { s.terminate() } }
        for name in ["rs1", "rs2"] {
            let rs = lab[name]
            servers.append(try rs.start([lvs, "realserver", "start", "--vip", Self.vip6, "--tunnel", "ipip"]))
            servers.append(try rs.start(Programs.http6(name: name, port: 80)))
            #expect(try client.exec(Programs.waitForTCP(rs.primary.ipv6!, 80)).status == 0)
        }
        let director = try directorHost.run {
            try Director.start(.init(interfaces: ["eth0"], workers: 2), logger: testLogger)
        }
        defer { director.stop() }
        let ipvsadm = InProcessIPVSAdm(director.control)
        ipvsadm("-A -t [\(Self.vip6)]:80 -s rr")
        ipvsadm("-a -t [\(Self.vip6)]:80 -r [2001:db8::11]:80 -i")
        ipvsadm("-a -t [\(Self.vip6)]:80 -r [2001:db8::12]:80 -i")

        let answers = try client.lines(Programs.httpGets("http://[\(Self.vip6)]/", count: 4))
        #expect(answers.count == 4 && Set(answers) == ["rs1", "rs2"], "\(answers)")
        #expect(answers.count == 4 && alternates(answers), "\(answers)")
        for name in ["rs1", "rs2"] { _ = try lab[name].exec([lvs, "realserver", "stop"]) }
    }
}
