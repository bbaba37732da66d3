import Foundation
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import Testing

/// Issue 10, item 5: a kernel-IPVS script that puts the VIP on the director's interface and
/// turns ip_forward on right after its ipvsadm commands, while a client already hammers the VIP:
/// not one connection is answered by the director's kernel.
extension DirectorLabTests {
    /// The client: fresh connections to the VIP for `seconds`, one line each: the body, or
    /// FAIL and why (short timeouts, so a SYN lost before the service exists costs 100 ms).
    static func hammer(_ vip: String, seconds: Double) -> [String] {
        [
            "python3", "-c",
            """
            import time, urllib.request
            deadline = time.time() + \(seconds)
            while time.time() < deadline:
                try:
                    body = urllib.request.urlopen('http://\(vip)/', timeout=0.1).read().decode().strip()
                    print(body, flush=True)
                except Exception as e:
                    print('FAIL', type(e).__name__, str(e).replace(chr(10), ' '), flush=True)
                time.sleep(0.005)
            """,
        ]
    }

    /// What the script does, as kernel-IPVS scripts do: services first, then the VIP on eth0
    /// and forwarding on, in the same breath (after a pause that lets the client start).
    static let lateVIPScript = """
        sleep 0.5
        ipvsadm -A -t \(vip):80 -s rr
        ipvsadm -a -t \(vip):80 -r 198.18.0.11:80 -g
        ipvsadm -a -t \(vip):80 -r 198.18.0.12:80 -g
        ip addr add \(vip)/32 dev eth0
        sysctl -q -w net.ipv4.ip_forward=1
        """

    /// With the guard, and (the control that shows the lab can tell) without it.
    @Test(
        "kernel guard: VIP put on eth0 and ip_forward turned on right after ipvsadm, client connecting all along: no answer from the director's kernel",
        .enabled(if: LVSBinary.url != nil, "needs the built lvs binary"), requireTool("nft", package: "nftables"),
        requireTool("python3", package: "python3"), requireTool("sysctl", package: "procps"),
        arguments: [true, false])
    func guardIsNeverLate(guarded: Bool) throws {
        let lab = try DirectorLab(name: "lateguard", hosts: LabTopology.flat())
        defer { lab.close() }
        let client = lab["client"]
        let directorHost = lab["director"]
        try lab.startDirectRoutingServers(vip: Self.vip)
        // What the director's kernel would say, had it the SYN: a listener on every address,
        // so the VIP's port 80 too once the VIP is local.
        lab.keep(try directorHost.start(Programs.http(name: "director-kernel", port: 80)))
        let director = try DirectorDaemon(
            directorHost, interfaces: ["eth0"], options: guarded ? [] : ["--no-kernel-guard"])
        defer { director.stop() }

        let script = try directorHost.start(director.sandbox.envPrefix + ["sh", "-e", "-c", Self.lateVIPScript])
        let lines = try client.lines(Self.hammer(Self.vip, seconds: 4))
        #expect(script.wait() == 0, "the script failed")
        #expect(try directorHost.run { try Sysctl.read("net.ipv4.ip_forward") } == "1")
        try directorHost.run { try Sysctl.write("net.ipv4.ip_forward", "0") }

        if !guarded {
            // The control: without the guard the director's kernel answers (its own listener, or
            // a RST racing the real server's SYN-ACK), so the guarded run's checks can fail. The
            // script is done within the first second: the last half is all after it.
            let late = lines.suffix(lines.count / 2)
            let foreign = late.filter { $0 != "rs1" && $0 != "rs2" }
            let kernel = lines.filter { $0 == "director-kernel" }.count
            print(
                "kernel guard lab (--no-kernel-guard): of the last \(late.count) connections \(foreign.count) not a real server's; \(kernel) answered by the director's kernel"
            )
            #expect(!foreign.isEmpty, "without the guard every connection was a real server's")
            return
        }
        // Before the service exists nothing answers (no ARP for the VIP): those may fail.
        // From the first answer on, every connection is a real server's.
        let first = try #require(lines.firstIndex { $0 == "rs1" || $0 == "rs2" }, "no answer at all: \(lines)")
        let after = Array(lines[first...])
        let foreign = after.filter { $0 != "rs1" && $0 != "rs2" }
        print(
            "kernel guard lab: \(after.count) connections after the first answer, \(foreign.count) not a real server's")
        #expect(!lines.contains("director-kernel"), "the director's kernel answered: \(lines)")
        #expect(foreign.isEmpty, "\(foreign.count) of \(after.count) connections: \(foreign.prefix(5))")
        #expect(after.count >= 50, "too few connections to tell: \(after.count)")
        #expect(Set(after) == ["rs1", "rs2"])
    }
}
