import LVSControlTestSupport
import LVSCore
import LVSDirector
import LVSLab
import LVSLabTestSupport
import Testing

/// Two workers, many clients: the fanout gives each client address to one worker, and both
/// workers schedule with one shared scheduler state per service, so connections one after the
/// other from different clients get the servers in the kernel's order, as one CPU's would.
@Suite(
    "Shared scheduler state across workers in a lab", .serialized,
    Root.required(for: "network namespaces, AF_PACKET rings", to: "forward real traffic through the director"),
    requireTool("ip", package: "iproute2"), requireTool("python3", package: "python3"))
struct SharedSchedulingLabTests {
    static let vip = LabTopology.virtualAddress
    /// Client addresses on the client's eth0, one connection each in turn.
    static let clients = (0..<16).map { "198.18.0.\(150 + $0)" }
    static let connections = 32

    /// HTTP GETs one after the other, connection i from `clients[i % clients.count]`; prints
    /// each answer (or ERR).
    static func getsFromClients(_ url: String) -> [String] {
        let sources = clients.map { "'\($0)'" }.joined(separator: ", ")
        return [
            "python3", "-c",
            """
            import http.client
            sources = [\(sources)]
            for i in range(\(connections)):
                try:
                    c = http.client.HTTPConnection('\(vip)', 80, timeout=5, source_address=(sources[i % len(sources)], 0))
                    c.request('GET', '\(url)'); print(c.getresponse().read().decode().strip(), flush=True); c.close()
                except Exception as e: print('ERR', e, flush=True)
            """,
        ]
    }

    /// rr from the list head, and wlc with equal weights taking the first of the least loaded,
    /// both give the server added last first and then alternate (kernel ip_vs_rr.c, ip_vs_wlc.c;
    /// Fixtures/oracle/traffic/rr.out: the first connection went to the last server added).
    @Test(
        "DR, 2 workers, 16 clients: rr and wlc pick rs2 rs1 rs2 rs1... in the kernel's order",
        arguments: ["rr", "wlc"])
    func kernelOrderWithTwoWorkers(_ scheduler: String) throws {
        let lab = try DirectorLab(name: "sh\(scheduler)", hosts: LabTopology.flat())
        defer { lab.close() }
        let client = lab["client"]
        for address in Self.clients { _ = try client.ip("addr", "add", address + "/24", "dev", "eth0") }
        try lab.startDirectRoutingServers(vip: Self.vip)
        let (director, ipvsadm) = try lab.startDirector(interfaces: ["eth0"], workers: 2)
        ipvsadm.addService(
            "-t \(Self.vip):80", options: "-s \(scheduler)", servers: ["198.18.0.11:80", "198.18.0.12:80"],
            forward: "-g")

        let answers = try client.lines(Self.getsFromClients("/"))
        let kernelOrder = (0..<Self.connections).map { $0 % 2 == 0 ? "rs2" : "rs1" }
        #expect(answers == kernelOrder, "\(scheduler) with 2 workers: \(answers)")

        // Both workers scheduled some of them (else this shows nothing about sharing).
        let perWorker = director.control.slots.map { slot in slot.perform { $0.engine.connections.count } }
        #expect(perWorker.count == 2 && perWorker.allSatisfy { $0 > 0 }, "connections per worker: \(perWorker)")
        #expect(perWorker.reduce(0, +) == Self.connections, "connections per worker: \(perWorker)")

        // The listing shows the shared counts (not one worker's, not twice them): 16 each.
        let list = ipvsadm("-L -n")
        for server in ["198.18.0.11:80", "198.18.0.12:80"] {
            let columns = serverColumns(list, server)
            let counts = columns.dropFirst(2).compactMap { Int($0) }
            #expect(counts.count == 2 && counts.reduce(0, +) == Self.connections / 2, "\(server): \(list)")
        }
    }
}
