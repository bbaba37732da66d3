import LVSLab
import LVSLabTestSupport
import LVSLinux
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite(
    "Network-namespace labs", .serialized,
    Root.required(for: "network namespaces, AF_PACKET", to: "exercise LVSLinux and LVSLab"),
    requireTool("ip", package: "iproute2"))
struct LabTests {
    @Test("a flat lab has one namespace per host plus the switch, and destroy removes them all")
    func flatLabLifecycle() throws {
        let lab = try Lab.create(name: "life", hosts: LabTopology.flat())
        let names = NetworkNamespace.names(prefix: lab.prefix)
        #expect(names == ["client", "director", "rs1", "rs2", "switch"].map { lab.prefix + $0 })

        let director = lab["director"]
        let eth0 = try director.run { try NetworkInterface.named("eth0") }
        #expect(eth0.address.description == "02:1b:00:00:02:01")
        #expect(eth0.address == director.primary.mac)
        #expect(eth0.mtu == 1500)
        #expect(eth0.isUp)
        // The host's own namespace has no such interface: the lab did not leak into it.
        #expect(throws: SystemCallError.self) { try NetworkInterface.named("h1p0") }

        let bridgePorts = try NetworkCommand.ip("-n", lab.switchNamespace.name, "-o", "link", "show", "master", "br0")
        #expect(bridgePorts.split(separator: "\n").count == 4)

        // The switch forwards frames as a wire: no br_netfilter hooks (they drop malformed IP).
        let hooks = try lab.switchNamespace.run { try? Sysctl.read("net.bridge.bridge-nf-call-iptables") }
        #expect(hooks == nil || hooks == "0")

        let routes = try director.ip("-4", "route", "show")
        #expect(routes == "198.18.0.0/24 dev eth0 proto kernel scope link src 198.18.0.2 \n")

        lab.destroy()
        #expect(NetworkNamespace.names(prefix: lab.prefix).isEmpty)
        let listed = try NetworkCommand.ip("netns", "list")
        #expect(!listed.contains(lab.prefix))
    }

    @Test("the NAT lab routes real servers through the director's second interface")
    func natLab() throws {
        let lab = try Lab.create(name: "nat", hosts: LabTopology.nat())
        defer { lab.destroy() }
        #expect(lab.segments == ["lan", "backend"])
        #expect(lab["director"].interfaces.map(\.ipv4) == ["198.18.0.2", "198.18.1.1"])
        let rsRoutes = try lab["rs1"].ip("-4", "route", "show")
        #expect(rsRoutes.hasPrefix("default via 198.18.1.1 dev eth0"))
        let rs6 = try lab["rs2"].ip("-6", "route", "show", "default")
        #expect(rs6.hasPrefix("default via 2001:db8:1::1 dev eth0"))

        // rs1 reaches the director's backend address across the backend bridge.
        let server = try lab["director"].run { try UDPEndpoint(bindTo: "198.18.1.1", port: 7000) }
        let client = try lab["rs1"].run { try UDPEndpoint(bindTo: "198.18.1.11", port: 7001) }
        try client.send(Array("via backend".utf8), to: "198.18.1.1", port: 7000)
        let got = server.receive(timeoutMilliseconds: 3000)
        #expect(got?.payload == Array("via backend".utf8))
        #expect(got?.source == "198.18.1.11")
    }

    @Test("a lab whose setup fails leaves nothing behind")
    func failedCreateCleansUp() throws {
        var bad = LabTopology.flat()
        bad[3].routes = [["198.18.9.0/24", "via", "198.18.7.1"]]  // gateway not on any link
        #expect(throws: NetworkCommandError.self) { try Lab.create(name: "broken", hosts: bad) }
        #expect(NetworkNamespace.names(prefix: LabJanitor.prefix(lab: "broken")).isEmpty)
    }

    @Test("leftovers of a dead process are removed, a live process's are kept")
    func leftoversByDeadPid() throws {
        let child = try Subprocess.start(["true"])
        let deadPid = child.pid
        _ = child.wait()
        let stale = try NetworkNamespace.create("lvst-\(deadPid)-old-client")
        let mine = try NetworkNamespace.create("lvst-\(getpid())-keep-client")
        defer {
            try? mine.delete()
            try? stale.delete()
        }
        let removed = LabJanitor.removeLeftovers()
        #expect(removed.contains(stale.name))
        #expect(!removed.contains(mine.name))
        #expect(NetworkNamespace.names(prefix: "lvst-\(deadPid)-").isEmpty)
        #expect(NetworkNamespace.names(prefix: mine.name) == [mine.name])
    }

    @Test("exec runs a program inside the host's namespace and reports its output")
    func execInHost() throws {
        let lab = try Lab.create(name: "exec", hosts: Array(LabTopology.flat().prefix(2)))
        defer { lab.destroy() }
        let out = try lab["client"].exec(["ip", "-4", "-o", "addr", "show", "dev", "eth0"])
        #expect(out.status == 0)
        #expect(out.stdout.contains("inet 198.18.0.100/24"))
        let missing = try lab["client"].exec(["ip", "link", "show", "nosuchdev"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nosuchdev"))
        #expect(throws: NetworkCommandError.self) { try lab["client"].ip("link", "show", "nosuchdev") }
    }
}
