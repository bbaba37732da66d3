import Foundation
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The hardened control socket with real `lvs director` processes (control plane only, no
/// --interface, no --control-socket: the default abstract socket of each namespace): one
/// director per network namespace, peer credentials with real non-root users (setpriv), and
/// the director staying responsive under 20,000 idle connections, a 100 MB line and EMFILE.
@Suite(
    "Control socket in a lab", .serialized,
    Root.required(for: "network namespaces and other users' credentials", to: "test the control socket"),
    requireTool("ip", package: "iproute2"), requireTool("python3", package: "python3"),
    requireTool("setpriv", package: "util-linux"), requireTool("prlimit", package: "util-linux"),
    .enabled(if: LVSBinary.url != nil, "needs the built lvs binary"))
struct ControlSocketLabTests {
    static let nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    /// The system's python, which another user can run (a root-only pyenv shim may come first in PATH).
    static let python =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
    /// Without LVS_CONTROL_SOCKET: the default (abstract, per namespace) socket.
    static let plain = ["env", "-u", "LVS_CONTROL_SOCKET"]

    /// A control-plane-only director in `host`, on the default socket and state file; waits
    /// until root's ipvsadm gets an answer.
    static func startDirector(
        _ host: LabHost, prefix: [String] = [], arguments: [String] = [], log given: LabOutputFile? = nil
    ) throws -> ChildProcess {
        let lvs = try #require(LVSBinary.path)
        let log = try given ?? LabOutputFile()
        let director = try host.start(
            prefix + plain + [lvs, "director", "--fresh", "--log-level", "warning"] + arguments, stderr: log.fd)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if try host.exec(plain + [lvs, "ipvsadm", "-L", "-n"]).status == 0 { return director }
            guard director.poll() == nil else { break }
            usleep(50_000)
        }
        _ = director.terminate(signal: SIGKILL)
        throw TestFailure("the director did not answer: \(log.contents())")
    }

    static func ipvsadm(_ host: LabHost, _ line: String, as user: [String] = []) throws -> ProcessOutput {
        let lvs = try #require(LVSBinary.path)
        return try host.exec(user + plain + [lvs, "ipvsadm"] + line.split(separator: " ").map(String.init))
    }

    /// Wall-clock milliseconds of `ipvsadm -L -n` (process start to exit), median of `runs`.
    static func listingMilliseconds(_ host: LabHost, runs: Int = 5) throws -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            let start = MonotonicClock.now()
            let out = try ipvsadm(host, "-L -n")
            let elapsed = Double(MonotonicClock.now().milliseconds - start.milliseconds)
            #expect(out.status == 0, "ipvsadm -L -n: \(out.stderr)")
            times.append(elapsed)
        }
        return times.sorted()[runs / 2]
    }

    static func stateFile(_ host: LabHost) -> String { "/var/lib/lvs/netns-\(host.namespace.name).state" }

    @Test("one director per network namespace: ip netns exec A ipvsadm reaches A's table, B's is apart")
    func perNamespace() throws {
        let lab = try DirectorLab(name: "ctlns", hosts: LabTopology.flat())
        defer { lab.close() }
        let a = lab["client"]
        let b = lab["director"]
        defer { for h in [a, b] { try? FileManager.default.removeItem(atPath: Self.stateFile(h)) } }
        let directorA = try Self.startDirector(a)
        defer { _ = directorA.terminate() }
        let directorB = try Self.startDirector(b)
        defer { _ = directorB.terminate() }
        #expect(try Self.ipvsadm(a, "-A -t 198.18.0.50:80 -s rr").status == 0)
        #expect(try Self.ipvsadm(b, "-A -t 198.18.0.60:443 -s wlc").status == 0)
        #expect(try Self.ipvsadm(a, "-S -n").stdout == "-A -t 198.18.0.50:80 -s rr\n")
        #expect(try Self.ipvsadm(b, "-S -n").stdout == "-A -t 198.18.0.60:443 -s wlc\n")
        let listing = try Self.ipvsadm(b, "-L -n").stdout
        #expect(listing.contains("198.18.0.60:443") && !listing.contains("198.18.0.50"), "\(listing)")
        // Each namespace keeps its own state file (named after the namespace).
        let fileA = try String(contentsOfFile: Self.stateFile(a), encoding: .utf8)
        let fileB = try String(contentsOfFile: Self.stateFile(b), encoding: .utf8)
        #expect(fileA != fileB)
        print("control socket lab: namespaces \(a.namespace.name) and \(b.namespace.name) kept apart")
    }

    @Test("SO_PEERCRED: nobody is refused with ipvsadm's words, CAP_NET_ADMIN counts, a control group may list")
    func peerCredentials() throws {
        let lab = try DirectorLab(name: "ctlcred", hosts: LabTopology.flat())
        defer { lab.close() }
        let host = lab["client"]
        defer { try? FileManager.default.removeItem(atPath: Self.stateFile(host)) }
        let expected = try String(
            contentsOf: RepositoryPaths.oracleFixtures.appendingPathComponent("control-socket/non-root-ipvsadm.out"),
            encoding: .utf8)
        let refusal = expected.split(separator: "\n").dropFirst().prefix(2).joined(separator: "\n") + "\n"
        do {
            let director = try Self.startDirector(host)
            defer { _ = director.terminate() }
            #expect(try Self.ipvsadm(host, "-A -t 198.18.0.50:80 -s rr").status == 0)
            for line in ["-L -n", "-A -t 198.18.0.51:80", "-S -n", "-C"] {
                let out = try Self.ipvsadm(host, line, as: Self.nobody)
                #expect(
                    out.status == 2 && out.stderr == refusal && out.stdout.isEmpty, "nobody: ipvsadm \(line): \(out)")
            }
            // Root without CAP_NET_ADMIN is refused too, as the kernel refuses it.
            let dropped = ["setpriv", "--inh-caps=-net_admin", "--bounding-set=-net_admin"]
            let rootDropped = try Self.ipvsadm(host, "-A -t 198.18.0.52:80", as: dropped)
            #expect(rootDropped.status == 2 && rootDropped.stderr == refusal, "\(rootDropped)")
            // A non-root user holding CAP_NET_ADMIN may change the table.
            let capable = Self.nobody + ["--inh-caps=+net_admin", "--ambient-caps=+net_admin"]
            let added = try Self.ipvsadm(host, "-A -t 198.18.0.53:80", as: capable)
            #expect(added.status == 0, "\(added)")
            #expect(try Self.ipvsadm(host, "-S -n").stdout.contains("198.18.0.53:80"))
            #expect(!(try Self.ipvsadm(host, "-S -n").stdout.contains("198.18.0.51")))
        }
        // --control-group: its members list, and still cannot change.
        let director = try Self.startDirector(host, arguments: ["--control-group", "65534"])
        defer { _ = director.terminate() }
        #expect(try Self.ipvsadm(host, "-A -t 198.18.0.50:80 -s rr").status == 0)
        let listed = try Self.ipvsadm(
            host, "-S -n", as: ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
        #expect(listed.status == 0 && listed.stdout == "-A -t 198.18.0.50:80 -s rr\n", "\(listed)")
        let change = try Self.ipvsadm(host, "-D -t 198.18.0.50:80", as: Self.nobody)
        #expect(change.status == 2 && change.stderr == refusal, "\(change)")
        print(
            "control socket lab: nobody refused (exit 2, ipvsadm's words), root without CAP_NET_ADMIN refused, nobody with CAP_NET_ADMIN allowed, group 65534 lists"
        )
    }

    /// Opens `count` connections to the default socket as nobody and holds them, printing how
    /// many connected; `payload` (if any) is sent on one more connection, which prints the answer.
    /// `blocking`: each connect waits for the director to accept (else EAGAIN on a full backlog
    /// ends the loop).
    static func attacker(count: Int, holdSeconds: Int, blocking: Bool = false) -> [String] {
        [
            "prlimit", "--nofile=\(count + 1024):\(count + 1024)",
        ] + nobody + [
            python, "-c",
            """
            import socket, sys, time
            held = []
            for i in range(\(count)):
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                \(blocking ? "" : "s.settimeout(5)")
                try:
                    s.connect("\\0lvs/control"); held.append(s)
                except OSError as e:
                    print("connect failed:", e, flush=True); break
            print("opened", len(held), flush=True)
            time.sleep(\(holdSeconds))
            """,
        ]
    }

    @Test("20,000 idle connections of another user: ipvsadm -L stays under 100 ms")
    func idleConnections() throws {
        let lab = try DirectorLab(name: "ctlidle", hosts: LabTopology.flat())
        defer { lab.close() }
        let host = lab["client"]
        defer { try? FileManager.default.removeItem(atPath: Self.stateFile(host)) }
        // The director gets 4096 descriptors: the cap (256 per class of peer) keeps it far below.
        let director = try Self.startDirector(host, prefix: ["prlimit", "--nofile=4096:4096"])
        defer { _ = director.terminate() }
        #expect(try Self.ipvsadm(host, "-A -t 198.18.0.50:80 -s rr").status == 0)
        let idle = try Self.listingMilliseconds(host)
        // Two processes of 10,000 each: one process may hold at most RLIMIT_NOFILE's hard
        // limit of descriptors (20,000 on the reference machine).
        var attackers: [(ChildProcess, LabOutputFile)] = []
        defer { for (attack, _) in attackers { _ = attack.terminate(signal: SIGKILL) } }
        for _ in 0..<2 {
            let out = try LabOutputFile()
            attackers.append(
                (try host.start(Self.attacker(count: 10_000, holdSeconds: 30, blocking: true), stdout: out.fd), out))
        }
        let deadline = Date().addingTimeInterval(60)
        var opened = 0
        for (attack, out) in attackers {
            while !out.contents().contains("opened"), Date() < deadline, attack.poll() == nil { usleep(100_000) }
            let line = out.contents().split(separator: "\n").last { $0.hasPrefix("opened ") }
            opened += line.flatMap { Int($0.dropFirst(7)) } ?? 0
        }
        #expect(opened == 20_000, "\(attackers.map { $0.1.contents() })")
        let loaded = try Self.listingMilliseconds(host)
        print(
            "control socket lab: ipvsadm -L -n median \(idle) ms idle, \(loaded) ms with \(opened) connections of nobody held open by the clients (the director keeps at most 256 of them, closing the others at once)"
        )
        #expect(loaded < 100, "ipvsadm -L took \(loaded) ms under 20,000 idle connections")
        #expect(director.poll() == nil, "the director died")
    }

    @Test("a 100 MB line is refused at the limit with an answer while ipvsadm -L stays under 100 ms")
    func hugeLine() throws {
        let lab = try DirectorLab(name: "ctlline", hosts: LabTopology.flat())
        defer { lab.close() }
        let host = lab["client"]
        defer { try? FileManager.default.removeItem(atPath: Self.stateFile(host)) }
        let director = try Self.startDirector(host)
        defer { _ = director.terminate() }
        let sender = """
            import socket, sys, time
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect("\\0lvs/control")
            chunk = b"x" * (1 << 20)
            start = time.time(); sent = 0
            try:
                for i in range(100):
                    s.sendall(chunk); sent += len(chunk)
            except OSError as e:
                pass
            answer = b""
            s.settimeout(10)
            try:
                while not answer.endswith(b"\\n"):
                    data = s.recv(65536)
                    if not data: break
                    answer += data
            except OSError:
                pass
            print("sent", sent, "in", round(time.time() - start, 3), "s; answer", answer.decode(errors="replace").strip(), flush=True)
            """
        let out = try LabOutputFile()
        let attack = try host.start(["python3", "-c", sender], stdout: out.fd)
        defer { _ = attack.terminate(signal: SIGKILL) }
        let during = try Self.listingMilliseconds(host)
        _ = attack.wait()
        let report = out.contents().trimmingCharacters(in: .whitespacesAndNewlines)
        print("control socket lab: 100 MB line from root: \(report); ipvsadm -L -n median \(during) ms meanwhile")
        #expect(report.contains("request longer than the director accepts (67108864 bytes)"), "\(report)")
        #expect(during < 100, "ipvsadm -L took \(during) ms during the 100 MB line")
        // Another user's line is cut at 64 KiB.
        let small = try host.exec(Self.nobody + [Self.python, "-c", sender])
        #expect(small.stdout.contains("request longer than the director accepts (65536 bytes)"), "\(small)")
        #expect(director.poll() == nil, "the director died")
    }

    /// utime + stime of a process, in clock ticks.
    static func cpuTicks(_ pid: pid_t) -> Int? {
        guard let stat = try? ProcFile.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else {
            return nil
        }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    @Test("at a low descriptor limit under a connection flood the director does not spin, and serves again")
    func outOfDescriptors() throws {
        let lab = try DirectorLab(name: "ctlfd", hosts: LabTopology.flat())
        defer { lab.close() }
        let host = lab["client"]
        defer { try? FileManager.default.removeItem(atPath: Self.stateFile(host)) }
        // 40 descriptors: the director needs about 20 to run (swift-nio dies when it cannot
        // make its event loops, below about 26), and caps control connections to fit the rest.
        let log = try LabOutputFile()
        let director = try Self.startDirector(host, prefix: ["prlimit", "--nofile=40:40"], log: log)
        defer { _ = director.terminate() }
        let out = try LabOutputFile()
        let attack = try host.start(Self.attacker(count: 200, holdSeconds: 4), stdout: out.fd)
        defer { _ = attack.terminate(signal: SIGKILL) }
        let deadline = Date().addingTimeInterval(30)
        while !out.contents().contains("opened"), Date() < deadline, attack.poll() == nil { usleep(100_000) }
        #expect(out.contents().contains("opened"), "the attacker did not connect: \(out.contents())")
        usleep(300_000)
        let before = Self.cpuTicks(director.pid) ?? 0
        usleep(2_000_000)
        let after = Self.cpuTicks(director.pid) ?? 0
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        let share = Double(after - before) / ticksPerSecond / 2.0
        let opened = out.contents().split(separator: "\n").last { $0.hasPrefix("opened") } ?? "none"
        print(
            "control socket lab: at EMFILE (RLIMIT_NOFILE 40, attacker \(opened)) the director used \(Int(share * 100))% of a core over 2 s"
        )
        let exhausted = log.contents().contains("out of file descriptors")
        print("control socket lab: EMFILE reached: \(exhausted); director log: \(log.contents())")
        #expect(share < 0.25, "the director used \(share * 100)% of a core at EMFILE")
        _ = attack.terminate(signal: SIGKILL)
        _ = attack.wait()
        let again = Date().addingTimeInterval(15)
        var served = false
        while Date() < again, !served {
            served = try Self.ipvsadm(host, "-L -n").status == 0
            if !served { usleep(200_000) }
        }
        #expect(served, "ipvsadm -L did not get through after the connections closed")
        #expect(director.poll() == nil, "the director died")
    }
}
