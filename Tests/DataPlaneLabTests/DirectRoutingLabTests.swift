#if canImport(Glibc)
import Glibc
#endif
import LVSCore
import LVSDirector
import LVSLab
import LVSLinux
import Testing

@Suite("Director forwarding real traffic in a lab", .serialized, .enabled(if: Root.isRoot, Root.skipMessage))
struct DirectorLabTests {
    static let vip = LabTopology.virtualAddress

    @Test("DR: HTTP and UDP to the VIP are answered by rs1 and rs2 in turn; replies bypass the director")
    func directRouting() throws {
        let lab = try Lab.create(name: "dr", hosts: LabTopology.flat())
        defer { lab.destroy() }
        let client = lab["client"], directorHost = lab["director"]
        var servers: [ChildProcess] = []
        defer { for s in servers { s.terminate() } }
        for name in ["rs1", "rs2"] {
            let rs = lab[name]
            try rs.becomeRealServer(vip: Self.vip)
            servers.append(try rs.start(Programs.http(name: name, port: 80)))
            servers.append(try rs.start(Programs.udpEcho(name: name, port: 5353, bind: Self.vip)))
            #expect(try client.exec(Programs.waitForTCP(rs.primary.ipv4!, 80)).status == 0)
        }
        let director = try directorHost.run {
            try Director.start(.init(interfaces: ["eth0"], workers: 1), logger: testLogger)
        }
        defer { director.stop() }
        #expect(try directorHost.run { try Sysctl.read("net.ipv4.ip_forward") } == "0")
        let ipvsadm = InProcessIPVSAdm(director.control)
        ipvsadm("-A -t \(Self.vip):80 -s rr")
        ipvsadm("-a -t \(Self.vip):80 -r 198.18.0.11:80 -g")
        ipvsadm("-a -t \(Self.vip):80 -r 198.18.0.12:80 -g")
        ipvsadm("-A -u \(Self.vip):5353 -s rr")
        ipvsadm("-a -u \(Self.vip):5353 -r 198.18.0.11 -g")
        ipvsadm("-a -u \(Self.vip):5353 -r 198.18.0.12 -g")

        let answers = try client.lines(Programs.httpGets("http://\(Self.vip)/", count: 4))
        #expect(answers.count == 4)
        #expect(Set(answers) == ["rs1", "rs2"])
        #expect(answers.count == 4 && alternates(answers), "\(answers)")

        let udp = try client.lines(Programs.udpQueries(Self.vip, 5353, count: 4))
        #expect(Set(udp) == ["rs1", "rs2"])
        #expect(udp.count == 4 && alternates(udp), "\(udp)")

        let list = ipvsadm("-L -n")
        // Four finished HTTP connections in TIME_WAIT-like states: inactive, two per server.
        #expect(serverColumns(list, "198.18.0.11:80") == ["Route", "1", "0", "2"])
        #expect(serverColumns(list, "198.18.0.12:80") == ["Route", "1", "0", "2"])
        let stats = ipvsadm("-L -n --stats")
        for server in ["198.18.0.11:80", "198.18.0.12:80"] {
            let columns = serverColumns(stats, server)
            #expect(columns.count == 5)
            #expect(columns.first == "2")                            // Conns
            #expect((Int(columns.dropFirst().first ?? "") ?? 0) >= 5) // InPkts: SYN, ACK, GET, FIN, ACK
            #expect(columns.dropFirst(2).first == "0")               // OutPkts: replies never pass
        }
        let connections = ipvsadm("-L -n -c")
        #expect(connections.split(separator: "\n").filter { $0.hasPrefix("TCP") }.count == 4)
        #expect(connections.split(separator: "\n").filter { $0.hasPrefix("UDP") }.count == 4)

        // --rate moves with the traffic once the 2-second estimator has run (as the kernel's).
        usleep(2_300_000)
        let rate = ipvsadm("-L -n --rate")
        let inPPS = ["198.18.0.11:80", "198.18.0.12:80"].map { Int(serverColumns(rate, $0).dropFirst().first ?? "") ?? -1 }
        #expect(inPPS.allSatisfy { $0 > 0 }, "\(rate)")
        #expect(["198.18.0.11:80", "198.18.0.12:80"].allSatisfy { serverColumns(rate, $0).dropFirst(2).first == "0" })

        let counters = director.counters()
        // Nothing from the real servers was addressed to the director: no reply went through it.
        #expect(counters.passed(.engine(.noConnection)) == 0)
        #expect(counters.totalDropped == counters.dropped(.director(.neighbourUnresolved)))
        #expect(counters.arpSent >= 1)
    }
}
