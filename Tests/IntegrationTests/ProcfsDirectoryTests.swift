import Foundation
import LVSTestSupport
import Testing

/// `lvs director --procfs-dir DIR`: the director's table in DIR/net/ip_vs* as the kernel's
/// /proc/net has it, kept current while it runs and removed when it stops.
@Suite struct ProcfsDirectoryTests {
    static func read(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

    @Test func directorKeepsTheProcfsFiles() throws {
        let lvs = try #require(LVSBinary.url, "lvs binary not built")
        let name = "lvs-procfs-\(UUID().uuidString.prefix(8))"
        let procfs = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        defer { try? FileManager.default.removeItem(at: procfs) }
        let director = try DirectorProcess(lvs: lvs, arguments: ["--procfs-dir", procfs.path])
        defer { director.stop() }
        // The services of Fixtures/oracle/procfs/procfs.sh (no traffic here).
        _ = try director.runScript(
            """
            ipvsadm -A -t 198.18.0.100:80 -s rr
            ipvsadm -a -t 198.18.0.100:80 -r 198.18.1.11:8080 -m -w 1
            ipvsadm -A -t 198.18.0.102:443 -s sh -p 300 -M 255.255.255.0
            ipvsadm -a -t 198.18.0.102:443 -r 198.18.1.12:443 -i -w 0
            ipvsadm -A -u 198.18.0.101:53 -s wrr -o
            ipvsadm -A -f 7 -s wlc
            ipvsadm -a -f 7 -r 198.18.1.11 -g -w 3
            ipvsadm -A -t [2001:db8::100]:80 -s lc
            ipvsadm -a -t [2001:db8::100]:80 -r [2001:db8:1::ffff]:80 -g -w 4
            """)
        let net = procfs.appendingPathComponent("net")
        let expected = """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port Forward Weight ActiveConn InActConn
            TCP  C6120064:0050 rr  
              -> C612010B:1F90      Masq    1      0          0         
            UDP  C6120065:0035 wrr ops  
            TCP  C6120066:01BB sh  persistent 75000 FFFFFF00
              -> C612010C:01BB      Tunnel  0      0          0         
            TCP  [2001:0db8:0000:0000:0000:0000:0000:0100]:0050 lc 
              -> [2001:0db8:0001:0000:0000:0000:0000:ffff]:0050      Route   4      0          0         
            FWM  00000007 wlc 
              -> C612010B:0000      Route   3      0          0         

            """
        // The writer runs every second; wait (readiness, not a bound) for the last change.
        var shown = Self.read(net.appendingPathComponent("ip_vs"))
        for _ in 0..<50 where shown?.contains("FWM") != true || shown?.contains(":ffff]") != true {
            Thread.sleep(forTimeInterval: 0.1)
            shown = Self.read(net.appendingPathComponent("ip_vs"))
        }
        let services = try #require(shown, "no \(net.path)/ip_vs")
        // The kernel's service order hashes its namespace's address in (ip_vs_svc_hashkey), so
        // no order is "the" order: the same service blocks, byte for byte, in any order.
        #expect(services.hasPrefix(expected.split(separator: "\n").prefix(3).joined(separator: "\n") + "\n"))
        #expect(Self.blocks(services) == Self.blocks(expected))
        let stats = try #require(Self.read(net.appendingPathComponent("ip_vs_stats")))
        #expect(
            stats.split(separator: "\n", omittingEmptySubsequences: false)[2]
                == "       0        0        0                0                0")
        #expect(
            Self.read(net.appendingPathComponent("ip_vs_conn"))
                == "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n")
        director.stop()
        for file in ["ip_vs", "ip_vs_stats", "ip_vs_conn"] {
            #expect(Self.read(net.appendingPathComponent(file)) == nil, "\(file) left after the director stopped")
        }
    }

    /// Each service line with its real server lines, as a set.
    static func blocks(_ text: String) -> Set<String> {
        var blocks: Set<String> = []
        var current = ""
        for line in text.split(separator: "\n").dropFirst(3) {
            if !line.hasPrefix("  ->") && !current.isEmpty {
                blocks.insert(current)
                current = ""
            }
            current += line + "\n"
        }
        if !current.isEmpty { blocks.insert(current) }
        return blocks
    }
}
