import LVSControlTestSupport
import LVSDirector
import LVSLab
import LVSLabTestSupport
import LVSLinux
import Testing

/// What most director lab tests start with: a lab, a server program on each real server
/// (answering before the test goes on), a director in the "director" host and ipvsadm for it.
/// `close()` takes it down in reverse order: director, servers, lab.
final class DirectorLab {
    let lab: Lab
    private var servers: [ChildProcess] = []
    private var director: Director?

    init(_ lab: Lab) {
        self.lab = lab
    }

    convenience init(name: String, hosts: [LabHostSpec]) throws {
        self.init(try Lab.create(name: name, hosts: hosts))
    }

    subscript(host: String) -> LabHost { lab[host] }

    /// Runs what `programs` returns for each of rs1 and rs2 (it may prepare the host first), then
    /// waits until `probe` reaches each on TCP `port`, at its IPv6 address with `ipv6`.
    func startServers(
        port: Int, probeFrom probe: LabHost, ipv6: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ programs: (_ host: LabHost, _ name: String) throws -> [[String]]
    ) throws {
        for name in ["rs1", "rs2"] {
            let rs = lab[name]
            for argv in try programs(rs, name) { servers.append(try rs.start(argv)) }
            let address = ipv6 ? rs.primary.ipv6! : rs.primary.ipv4!
            #expect(
                try probe.exec(Programs.waitForTCP(address, port)).status == 0,
                "\(name) does not answer on \(port)", sourceLocation: sourceLocation)
        }
    }

    /// rs1 and rs2 as the seeds' DR real servers for `vip` (the VIP on lo, no ARP for it), each
    /// answering HTTP on port 80 with its name and running what `more` adds.
    func startDirectRoutingServers(
        vip: String, sourceLocation: SourceLocation = #_sourceLocation,
        more: (_ name: String) -> [[String]] = { _ in [] }
    ) throws {
        try startServers(port: 80, probeFrom: lab["client"], sourceLocation: sourceLocation) { rs, name in
            try rs.becomeRealServer(vip: vip)
            return [Programs.http(name: name, port: 80)] + more(name)
        }
    }

    /// Stops `process` (SIGTERM) when the lab closes.
    func keep(_ process: ChildProcess) {
        servers.append(process)
    }

    /// Starts the director on `interfaces` of the "director" host; returns it with its ipvsadm.
    func startDirector(
        interfaces: [String], workers: Int,
        ring: PacketRingConfiguration = Director.defaultRing, dataPlane: DataPlaneMode = .automatic,
        maxConnections: Int = Int.max
    ) throws -> (Director, InProcessIPVSAdm) {
        let started = try lab["director"].run {
            // Without the nftables guard, deliberately: these labs never put a VIP on the director
            // nor turn forwarding on, so the guard would change nothing, and they run where nft
            // is missing too. The guard's own labs run the real `lvs director`.
            try Director.start(
                .init(
                    interfaces: interfaces, workers: workers, ring: ring, kernelGuard: false,
                    maxConnections: maxConnections, dataPlane: dataPlane), logger: testLogger)
        }
        director = started
        return (started, InProcessIPVSAdm(started.control))
    }

    func close() {
        director?.stop()
        for server in servers { server.terminate() }
        lab.destroy()
    }
}
