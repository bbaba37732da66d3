import Foundation
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import Testing

/// The seeds' own director scripts (Fixtures/seeds) against a running `lvs director` process,
/// with SwiftLVS's `ipvsadm` first in PATH, and `curl VIP` from the client.
extension DirectorLabTests {
    /// A director daemon in `host`'s namespace and an environment whose `ipvsadm` talks to it.
    final class DirectorDaemon {
        let process: ChildProcess
        let sandbox: DirectorSandbox

        /// With `sandbox`, a restart: the director finds what the last one left there (its state file).
        init(
            _ host: LabHost, interfaces: [String], sandbox left: DirectorSandbox? = nil, options: [String] = []
        ) throws {
            let lvs = try #require(LVSBinary.url, "no built lvs binary")
            sandbox = try left ?? DirectorSandbox(lvs: lvs, name: "lvs-seeds-\(getpid())-\(host.name)")
            process = try host.start(
                sandbox.envPrefix + [lvs.path] + sandbox.directorArguments
                    + interfaces.flatMap { ["--interface", $0] } + options)
            #expect(sandbox.waitForSocket(seconds: 5), "the director did not start")
        }

        /// Runs a fixture script with bash, as the seeds do.
        func script(_ host: LabHost, _ name: String) throws -> ProcessOutput {
            try host.exec(sandbox.envPrefix + ["bash", RepositoryPaths.seedFixtures.appendingPathComponent(name).path])
        }

        func stop() {
            _ = process.terminate()
            sandbox.remove()
        }
    }

    static func curl(_ client: LabHost, count: Int) throws -> [String] {
        let loop = "for i in $(seq \(count)); do curl -s -m 5 http://\(vip)/ || echo FAIL; echo; done"
        return try client.lines(["sh", "-c", loop]).filter { !$0.isEmpty }
    }

    static func guardInstalled(_ host: LabHost, with text: String = "") throws -> Bool {
        let out = try host.exec(["nft", "list", "table", "inet", "lvs_director_guard"])
        return out.status == 0 && out.stdout.contains(text)
    }

    // The director itself needs nft for its guard table, the checks read it with nft, the client
    // asks with curl, and the seeds' real servers keep quiet with arptables.
    @Test(
        "seed 000's start_lvs_directserver.sh (VIP on the director's eth0, rr, -g): curl VIP answered in turn",
        .enabled(if: LVSBinary.url != nil, "needs the built lvs binary"), requireTool("nft", package: "nftables"),
        requireTool("curl", package: "curl"), requireTool("arptables", package: "arptables"))
    func seedDirectRoutingScripts() throws {
        let lab = try DirectorLab(name: "seeddr", hosts: LabTopology.flat())
        defer { lab.close() }
        let client = lab["client"]
        let directorHost = lab["director"]
        let lvs = try #require(LVSBinary.path)
        try requireWorkingArptables(in: lab["rs1"])
        try lab.startServers(port: 80, probeFrom: client) { rs, name in
            // The seeds' start_lvs_realserver.sh, minus the dummy interface this kernel lacks.
            let started = try rs.exec([lvs, "realserver", "start", "--vip", Self.vip, "--method", "arptables"])
            #expect(started.status == 0, "\(started.stderr)")
            return [Programs.http(name: name, port: 80)]
        }
        let director = try DirectorDaemon(directorHost, interfaces: ["eth0"])
        defer { director.stop() }

        let start = try director.script(directorHost, "start_lvs_directserver.sh")
        #expect(start.status == 0, "\(start.stderr)")
        // The VIP is now an address of the director: the kernel would answer SYNs to it with
        // a RST; the guard keeps those to the director.
        #expect(try Self.guardInstalled(directorHost, with: "198.18.0.50 . tcp . 80"))

        let answers = try Self.curl(client, count: 4)
        #expect(answers.count == 4 && Set(answers) == ["rs1", "rs2"], "\(answers)")
        #expect(answers.count == 4 && alternates(answers), "\(answers)")

        let stop = try director.script(directorHost, "stop_lvs_directserver.sh")
        #expect(stop.status == 0, "\(stop.stderr)")
        var removed = false
        for _ in 0..<80 where !removed {
            removed = try !Self.guardInstalled(directorHost)
            if !removed { usleep(50_000) }
        }
        #expect(removed, "the guard stayed after the VIP and the services went")
        for name in ["rs1", "rs2"] { _ = try lab[name].exec([lvs, "realserver", "stop"]) }
    }

    @Test(
        "seed 001's NAT director script (ip_forward on, rr, -m): curl VIP answered in turn, no second copy",
        .enabled(if: LVSBinary.url != nil, "needs the built lvs binary"), requireTool("nft", package: "nftables"),
        requireTool("curl", package: "curl"))
    func seedMasqueradeScript() throws {
        let lab = try DirectorLab(name: "seednat", hosts: LabTopology.nat())
        defer { lab.close() }
        let client = lab["client"]
        let directorHost = lab["director"]
        try lab.startServers(port: 80, probeFrom: directorHost) { _, name in [Programs.http(name: name, port: 80)] }
        let director = try DirectorDaemon(directorHost, interfaces: ["eth0", "eth1"])
        defer { director.stop() }
        let start = try director.script(directorHost, "lvs_nat_director.sh")
        #expect(start.status == 0, "\(start.stderr)")
        #expect(try directorHost.run { try Sysctl.read("net.ipv4.ip_forward") } == "1")
        // The daemon updates the guard before each ipvsadm returns: it is complete already.
        #expect(
            try Self.guardInstalled(
                directorHost,
                with: "198.18.1.12 . tcp . 80"))

        // Count what reaches the client from the real servers' addresses: an untranslated
        // reply the kernel forwarded (ip_forward is on) would.
        let counter = try client.exec(
            ["nft", "-f", "-"],
            input: Array(
                """
                table ip leak {
                    chain prerouting {
                        type filter hook prerouting priority raw; policy accept;
                        ip saddr 198.18.1.0/24 counter
                    }
                }
                """.utf8))
        #expect(counter.status == 0, "\(counter.stderr)")

        let answers = try Self.curl(client, count: 4)
        #expect(answers.count == 4 && Set(answers) == ["rs1", "rs2"], "\(answers)")
        #expect(answers.count == 4 && alternates(answers), "\(answers)")
        let leaked = try client.execChecked(["nft", "list", "table", "ip", "leak"])
        #expect(leaked.contains("counter packets 0 "), "\(leaked)")
    }
}
