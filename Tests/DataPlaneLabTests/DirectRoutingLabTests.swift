import LVSControlTestSupport
import LVSCore
import LVSDirector
import LVSLab
import LVSLabTestSupport
import LVSLinux
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite(
    "Director forwarding real traffic in a lab", .serialized,
    Root.required(for: "network namespaces, AF_PACKET rings", to: "forward real traffic through the director"),
    requireTool("ip", package: "iproute2"), requireTool("python3", package: "python3"))
struct DirectorLabTests {
    static let vip = LabTopology.virtualAddress

    @Test("DR: HTTP and UDP to the VIP are answered by rs1 and rs2 in turn; replies bypass the director")
    func directRouting() throws {
        let lab = try DirectorLab(name: "dr", hosts: LabTopology.flat())
        defer { lab.close() }
        let client = lab["client"]
        let directorHost = lab["director"]
        try lab.startDirectRoutingServers(vip: Self.vip) { name in
            [Programs.udpEcho(name: name, port: 5353, bind: Self.vip)]
        }
        let (director, ipvsadm) = try lab.startDirector(interfaces: ["eth0"], workers: 1)
        #expect(try directorHost.run { try Sysctl.read("net.ipv4.ip_forward") } == "0")
        ipvsadm.addService("-t \(Self.vip):80", servers: ["198.18.0.11:80", "198.18.0.12:80"], forward: "-g")
        ipvsadm.addService("-u \(Self.vip):5353", servers: ["198.18.0.11", "198.18.0.12"], forward: "-g")

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
            #expect(columns.first == "2")  // Conns
            #expect((Int(columns.dropFirst().first ?? "") ?? 0) >= 5)  // InPkts: SYN, ACK, GET, FIN, ACK
            #expect(columns.dropFirst(2).first == "0")  // OutPkts: replies never pass
        }
        let connections = ipvsadm("-L -n -c")
        #expect(connections.split(separator: "\n").filter { $0.hasPrefix("TCP") }.count == 4)
        #expect(connections.split(separator: "\n").filter { $0.hasPrefix("UDP") }.count == 4)

        // --rate moves with the traffic once the 2-second estimator has run (as the kernel's).
        usleep(2_300_000)
        let rate = ipvsadm("-L -n --rate")
        let inPPS = ["198.18.0.11:80", "198.18.0.12:80"].map {
            Int(serverColumns(rate, $0).dropFirst().first ?? "") ?? -1
        }
        #expect(inPPS.allSatisfy { $0 > 0 }, "\(rate)")
        #expect(["198.18.0.11:80", "198.18.0.12:80"].allSatisfy { serverColumns(rate, $0).dropFirst(2).first == "0" })

        let counters = director.counters()
        // Nothing from the real servers was addressed to the director: no reply went through it.
        #expect(counters.passed(.engine(.noConnection)) == 0)
        #expect(counters.totalDropped == counters.dropped(.director(.neighbourUnresolved)))
        #expect(counters.arpSent >= 1)
    }
}
