import Foundation
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import LVSVocabulary
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `lvs director --procfs-dir` while it forwards: the connections the workers hold reach
/// DIR/net/ip_vs_conn (read from the workers in pieces) as `ipvsadm -L -n -c` lists them, in the
/// kernel's hex form, and the service's counts reach ip_vs.
extension DirectorLabTests {
    /// `198.18.0.1:43388` -> `C6120001 A97C` (the kernel's ip_vs_conn columns).
    static func procfsEndpoint(_ text: Substring) -> String? {
        guard let colon = text.lastIndex(of: ":"), let address = InetAddress(String(text[..<colon])),
            let port = UInt16(text[text.index(after: colon)...])
        else { return nil }
        func hex(_ v: UInt64, _ width: Int) -> String {
            let digits = String(v, radix: 16, uppercase: true)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return hex(UInt64(address.v4), 8) + " " + hex(UInt64(port), 4)
    }

    @Test(
        "procfs files: a forwarding director's connections in ip_vs_conn as ipvsadm -L -c lists them",
        .enabled(if: LVSBinary.url != nil, "needs the built lvs binary"))
    func procfsFilesFollowTraffic() throws {
        let lab = try DirectorLab(name: "procfs", hosts: LabTopology.flat())
        defer { lab.close() }
        let client = lab["client"]
        let directorHost = lab["director"]
        let lvs = try #require(LVSBinary.path)
        try lab.startDirectRoutingServers(vip: Self.vip)
        let sandbox = try DirectorSandbox(lvs: URL(fileURLWithPath: lvs), name: "lvs-procfs-lab-\(getpid())")
        defer { sandbox.remove() }
        let procfs = sandbox.directory.appendingPathComponent("procfs").path
        let director = try directorHost.start(
            sandbox.envPrefix + [lvs] + sandbox.directorArguments
                + ["--interface", "eth0", "--workers", "2", "--no-kernel-guard", "--procfs-dir", procfs])
        defer { director.terminate() }
        #expect(sandbox.waitForSocket(seconds: 5), "the director did not start")
        for line in [
            "-A -t \(Self.vip):80 -s rr", "-a -t \(Self.vip):80 -r 198.18.0.11:80 -g",
            "-a -t \(Self.vip):80 -r 198.18.0.12:80 -g",
        ] {
            let done = try directorHost.exec(
                sandbox.envPrefix + [lvs, "ipvsadm"] + line.split(separator: " ").map(String.init))
            #expect(done.status == 0, "ipvsadm \(line): \(done.stderr)")
        }
        let answers = try client.lines(Programs.httpGets("http://\(Self.vip)/", count: 4))
        #expect(Set(answers) == ["rs1", "rs2"], "\(answers)")

        // The writer runs every second: wait (readiness, not a bound) for the four connections.
        func rows() -> [Substring] {
            ((try? TextFile.read(procfs + "/net/ip_vs_conn")) ?? nil)?.split(separator: "\n").dropFirst().map { $0 }
                ?? []
        }
        var written = rows()
        for _ in 0..<50 where written.count < 4 {
            usleep(100_000)
            written = rows()
        }
        let listing = try directorHost.exec(sandbox.envPrefix + [lvs, "ipvsadm", "-L", "-n", "-c"])
        print(listing.stdout)
        print((try TextFile.read(procfs + "/net/ip_vs_conn")) ?? "no ip_vs_conn")
        print((try TextFile.read(procfs + "/net/ip_vs")) ?? "no ip_vs")
        // Client, virtual and destination endpoints and the state of each connection: ipvsadm's
        // listing turned into the kernel's hex columns (the expiry may differ by a tick).
        let listed = Set(
            listing.stdout.split(separator: "\n").dropFirst(2).compactMap { line -> String? in
                let f = line.split(separator: " ")
                guard f.count == 6, let c = Self.procfsEndpoint(f[3]), let v = Self.procfsEndpoint(f[4]),
                    let d = Self.procfsEndpoint(f[5])
                else { return nil }
                return "\(f[0]) \(c) \(v) \(d) \(f[2])"
            })
        let inFile = Set(written.map { $0.split(separator: " ").prefix(8).joined(separator: " ") })
        #expect(listed.count == 4, "\(listing.stdout)")
        #expect(inFile == listed)
        let services = try #require(try TextFile.read(procfs + "/net/ip_vs"))
        let counts = services.split(separator: "\n").filter { $0.hasPrefix("  -> C612000") }.map {
            $0.split(separator: " ").suffix(2).compactMap { Int($0) }.reduce(0, +)
        }
        #expect(counts.reduce(0, +) == 4, "\(services)")
        let stats = try #require(try TextFile.read(procfs + "/net/ip_vs_stats"))
        #expect(stats.split(separator: "\n")[2].split(separator: " ").first == "4", "\(stats)")
        director.terminate()
        #expect(director.wait() != nil)
        #expect((try TextFile.read(procfs + "/net/ip_vs_conn")) == nil, "ip_vs_conn left after the director stopped")
    }
}
