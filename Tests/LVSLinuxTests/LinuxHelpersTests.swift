import CLVSLinux
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSVocabulary
import LVSWire
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Linux helpers")
struct LinuxHelpersTests {
    @Test("a failed call names itself and its errno")
    func errorDescription() throws {
        let e = SystemCallError(call: "open(/nonexistent)", errno: ENOENT)
        #expect(e.description == "open(/nonexistent): No such file or directory (errno 2)")
        #expect(throws: SystemCallError(call: "open(/proc/sys/net/lvs/nonexistent)", errno: ENOENT)) {
            try Sysctl.read("net.lvs.nonexistent")
        }
    }

    @Test("sysctl names map onto /proc/sys paths")
    func sysctlPaths() {
        #expect(Sysctl.path("net.ipv4.ip_forward") == "/proc/sys/net/ipv4/ip_forward")
        #expect(Sysctl.path("net/ipv4/conf/eth0.100/arp_ignore") == "/proc/sys/net/ipv4/conf/eth0.100/arp_ignore")
    }

    @Test("Ethernet addresses parse and print in lower-case colon form")
    func ethernetAddress() {
        #expect(MACAddress("02:1B:00:00:0a:ff")?.description == "02:1b:00:00:0a:ff")
        #expect(MACAddress("02:1b:00:00:0a") == nil)
        #expect(MACAddress("02:1b:00:00:0a:fg") == nil)
        #expect(MACAddress(bytes: [1, 2, 3]) == nil)
    }

    @Test("Subprocess captures stdout, stderr, exit status and feeds stdin")
    func subprocess() throws {
        let out = try Subprocess.run(["sh", "-c", "cat; echo err >&2; exit 3"], input: Array("in\n".utf8))
        #expect(out == ProcessOutput(status: 3, standardOutput: Array("in\n".utf8), standardError: Array("err\n".utf8)))
        let killed = try Subprocess.run(["sh", "-c", "kill -9 $$"])
        #expect(killed.status == 128 + 9)
        #expect(throws: SystemCallError.self) { try Subprocess.run(["/nonexistent/program"]) }
        let err = #expect(throws: NetworkCommandError.self) {
            try NetworkCommand.run(["sh", "-c", "echo boom >&2; exit 2"])
        }
        #expect(err?.description == "sh -c echo boom >&2; exit 2 exited 2: boom")
    }

    @Test("a worker thread runs its body and joins")
    func workerThread() throws {
        let counter = Atomic<Int>(0)
        let workers = try (0..<2).map { i in
            try WorkerThread(name: "lvs-test-\(i)", cpu: i % WorkerThread.onlineProcessors) {
                counter.add(i + 1, ordering: .relaxed)
            }
        }
        workers.forEach { $0.join() }
        #expect(counter.load(ordering: .relaxed) == 3)
    }
}

@Suite(
    "Linux helpers inside namespaces", .serialized,
    Root.required(for: "network namespaces, AF_PACKET", to: "exercise LVSLinux and LVSLab"),
    requireTool("ip", package: "iproute2"))
struct NamespaceHelpersTests {
    @Test("sysctl writes inside a namespace do not reach the caller's namespace")
    func sysctlIsPerNamespace() throws {
        let lab = try Lab.create(name: "sysctl", hosts: [LabTopology.flat()[1]])
        defer { lab.destroy() }
        let outside = try Sysctl.read("net.ipv4.conf.all.arp_ignore")
        let inside = try lab["director"].run { () throws -> String in
            try Sysctl.write("net.ipv4.conf.all.arp_ignore", outside == "1" ? "2" : "1")
            return try Sysctl.read("net.ipv4.conf.all.arp_ignore")
        }
        #expect(inside == (outside == "1" ? "2" : "1"))
        #expect(try Sysctl.read("net.ipv4.conf.all.arp_ignore") == outside)
    }

    @Test("lab hosts get their sysctls")
    func labSysctls() throws {
        var host = LabTopology.flat()[1]
        host.sysctls = ["net.ipv4.conf.all.arp_announce": "2", "net/ipv4/conf/eth0/arp_ignore": "1"]
        let lab = try Lab.create(name: "sysctl2", hosts: [host])
        defer { lab.destroy() }
        let values = try lab["director"].run {
            [try Sysctl.read("net.ipv4.conf.all.arp_announce"), try Sysctl.read("net/ipv4/conf/eth0/arp_ignore")]
        }
        #expect(values == ["2", "1"])
    }

    @Test("a TUN device delivers an IP packet written to it to a local socket")
    func tunInjectsPacket() throws {
        let lab = try Lab.create(name: "tun", hosts: [LabTopology.flat()[2]])
        defer { lab.destroy() }
        let rs = lab["rs1"]
        let (tun, socket) = try rs.run { () throws -> (TunDevice, UDPEndpoint) in
            let tun = try TunDevice(name: "lvstun%d")
            try NetworkCommand.ip("-n", rs.namespace.name, "addr", "add", "198.18.2.1/24", "dev", tun.name)
            try NetworkCommand.ip("-n", rs.namespace.name, "link", "set", tun.name, "up")
            return (tun, try UDPEndpoint(bindTo: "198.18.2.1", port: 9600))
        }
        #expect(tun.name == "lvstun0")
        let packet = TestFrames.udpPacket(
            source: "198.18.2.2", destination: "198.18.2.1",
            sourcePort: 9601, destinationPort: 9600, payload: Array("decapsulated".utf8))
        try packet.withUnsafeBytes { _ = try tun.write($0) }
        let got = socket.receive(timeoutMilliseconds: 2000)
        #expect(got?.payload == Array("decapsulated".utf8))
        #expect(got?.source == "198.18.2.2")
        // Traffic the host routes into the TUN comes out of read().
        try socket.send(Array("reply".utf8), to: "198.18.2.2", port: 9601)
        var buffer = [UInt8](repeating: 0, count: 2048)
        var reply: [UInt8] = []
        // Skip what the kernel sends on its own once the link is up (IPv6 router solicitations).
        for _ in 0..<10 where reply.first.map({ $0 >> 4 }) != 4 {
            let n = try buffer.withUnsafeMutableBytes { try tun.read(into: $0) }
            reply = Array(buffer[0..<(n ?? 0)])
        }
        #expect(reply.count == 20 + 8 + 5)
        #expect(Array(reply.suffix(5)) == Array("reply".utf8))
    }

    @Test("a process killed by a signal unmounts its registered namespaces on the way out")
    func signalCleanup() throws {
        let ns = try NetworkNamespace.create("lvst-\(getpid())-signal-x")
        defer { try? ns.delete() }
        let path = strdup(ns.path)!
        defer { free(path) }
        // The child only makes C calls: no Swift allocation after fork in a threaded process.
        let pid = fork()
        if pid == 0 {
            // The table came along with fork: other tests' labs must survive this child.
            clvs_cleanup_forget_all()
            clvs_cleanup_install()
            _ = clvs_cleanup_register(path)
            // fork copied the calling thread's mask; test-runner threads block SIGTERM.
            var unblock = sigset_t()
            sigemptyset(&unblock)
            sigaddset(&unblock, SIGTERM)
            pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
            raise(SIGTERM)
            _exit(0)
        }
        try #require(pid > 0)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect(status & 0x7f == SIGTERM)
        #expect(NetworkNamespace.names(prefix: ns.name).isEmpty)
    }
}
