import Foundation
import LVSLab
import LVSLinux
import Testing

/// The seeds' own director scripts (Fixtures/seeds) against a running `lvs director` process,
/// with SwiftLVS's `ipvsadm` first in PATH, and `curl VIP` from the client.
extension DirectorLabTests {
    static let repoRoot: URL = {
        var u = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { u.deleteLastPathComponent() }
        return u
    }()

    /// The built `lvs` (swift test builds every product first).
    static let lvsBinary: String? = {
        var candidates: [String] = []
        if let exe = CommandLine.arguments.first {
            var u = URL(fileURLWithPath: exe)
            for _ in 0..<4 { u.deleteLastPathComponent(); candidates.append(u.appendingPathComponent("lvs").path) }
        }
        candidates += [".build/debug/lvs", ".build/release/lvs"].map { repoRoot.appendingPathComponent($0).path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// A director daemon in `host`'s namespace and an environment whose `ipvsadm` talks to it.
    final class DirectorDaemon {
        let process: ChildProcess
        let environment: [String]
        let directory: URL

        init(_ host: LabHost, interfaces: [String]) throws {
            let lvs = try #require(DirectorLabTests.lvsBinary, "no built lvs binary")
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("lvs-seeds-\(getpid())-\(host.name)")
            try? FileManager.default.removeItem(at: directory)
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("bin"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("bin/ipvsadm").path,
                                                       withDestinationPath: lvs)
            let socket = directory.appendingPathComponent("control.sock").path
            environment = ["env", "LVS_CONTROL_SOCKET=\(socket)",
                           "PATH=\(directory.appendingPathComponent("bin").path):/usr/sbin:/usr/bin:/sbin:/bin"]
            process = try host.start(environment + [lvs, "director", "--control-socket", socket]
                                     + interfaces.flatMap { ["--interface", $0] })
            for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) { usleep(50_000) }
            #expect(FileManager.default.fileExists(atPath: socket), "the director did not start")
        }

        /// Runs a fixture script with bash, as the seeds do.
        func script(_ host: LabHost, _ name: String) throws -> ProcessOutput {
            try host.exec(environment + ["bash", DirectorLabTests.repoRoot.appendingPathComponent("Fixtures/seeds/\(name)").path])
        }

        func stop() {
            _ = process.terminate()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static func curl(_ client: LabHost, count: Int) throws -> [String] {
        try client.lines(["sh", "-c", "for i in $(seq \(count)); do curl -s -m 5 http://\(vip)/ || echo FAIL; echo; done"])
            .filter { !$0.isEmpty }
    }

    static func guardInstalled(_ host: LabHost, with text: String = "") throws -> Bool {
        let out = try host.exec(["nft", "list", "table", "inet", "lvs_director_guard"])
        return out.status == 0 && out.stdout.contains(text)
    }

    @Test("seed 000's start_lvs_directserver.sh (VIP on the director's eth0, rr, -g): curl VIP answered in turn",
          .enabled(if: DirectorLabTests.lvsBinary != nil, "needs the built lvs binary"))
    func seedDirectRoutingScripts() throws {
        let lab = try Lab.create(name: "seeddr", hosts: LabTopology.flat())
        defer { lab.destroy() }
        let client = lab["client"], directorHost = lab["director"]
        let lvs = try #require(Self.lvsBinary)
        var servers: [ChildProcess] = []
        defer { for s in servers { s.terminate() } }
        for name in ["rs1", "rs2"] {
            let rs = lab[name]
            // The seeds' start_lvs_realserver.sh, minus the dummy interface this kernel lacks.
            let started = try rs.exec([lvs, "realserver", "start", "--vip", Self.vip, "--method", "arptables"])
            #expect(started.status == 0, "\(started.stderr)")
            servers.append(try rs.start(Programs.http(name: name, port: 80)))
            #expect(try client.exec(Programs.waitForTCP(rs.primary.ipv4!, 80)).status == 0)
        }
        let director = try DirectorDaemon(directorHost, interfaces: ["eth0"])
        defer { director.stop() }

        let start = try director.script(directorHost, "start_lvs_directserver.sh")
        #expect(start.status == 0, "\(start.stderr)")
        // The VIP is now an address of the director: the kernel would answer SYNs to it with
        // a RST; the guard keeps those to the director.
        #expect(try Self.guardInstalled(directorHost, with: "ip daddr 198.18.0.50 tcp dport 80 drop"))

        let answers = try Self.curl(client, count: 4)
        #expect(answers.count == 4 && Set(answers) == ["rs1", "rs2"], "\(answers)")
        #expect(answers.count == 4 && alternates(answers), "\(answers)")

        let stop = try director.script(directorHost, "stop_lvs_directserver.sh")
        #expect(stop.status == 0, "\(stop.stderr)")
        var removed = false
        for _ in 0..<80 where !removed { removed = try !Self.guardInstalled(directorHost); if !removed { usleep(50_000) } }
        #expect(removed, "the guard stayed after the VIP and the services went")
        for name in ["rs1", "rs2"] { _ = try lab[name].exec([lvs, "realserver", "stop"]) }
    }

    @Test("seed 001's NAT director script (ip_forward on, rr, -m): curl VIP answered in turn, no second copy",
          .enabled(if: DirectorLabTests.lvsBinary != nil, "needs the built lvs binary"))
    func seedMasqueradeScript() throws {
        let lab = try Lab.create(name: "seednat", hosts: LabTopology.nat())
        defer { lab.destroy() }
        let client = lab["client"], directorHost = lab["director"]
        var servers: [ChildProcess] = []
        defer { for s in servers { s.terminate() } }
        for name in ["rs1", "rs2"] {
            servers.append(try lab[name].start(Programs.http(name: name, port: 80)))
            #expect(try directorHost.exec(Programs.waitForTCP(lab[name].primary.ipv4!, 80)).status == 0)
        }
        let director = try DirectorDaemon(directorHost, interfaces: ["eth0", "eth1"])
        defer { director.stop() }
        let start = try director.script(directorHost, "lvs_nat_director.sh")
        #expect(start.status == 0, "\(start.stderr)")
        #expect(try directorHost.run { try Sysctl.read("net.ipv4.ip_forward") } == "1")
        // The daemon updates the guard before each ipvsadm returns: it is complete already.
        #expect(try Self.guardInstalled(directorHost, with: "ip saddr 198.18.1.12 tcp sport 80 fib daddr type != local drop"))

        // Count what reaches the client from the real servers' addresses: an untranslated
        // reply the kernel forwarded (ip_forward is on) would.
        let counter = try client.exec(["nft", "-f", "-"], input: Array("""
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
