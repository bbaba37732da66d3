import LVSHealth
import LVSLinux
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("MISC_CHECK scripts")
struct MiscProbeTests {
    @Test(
        "exit statuses and misc_dynamic",
        arguments: [
            (Int32(0), false, MiscExitStatus.Verdict.success(weight: nil)), (1, true, .failure),
            (2, true, .success(weight: 0)),
            (200, true, .success(weight: 198)), (200, false, .failure),
        ])
    func exitStatuses(status: Int32, dynamic: Bool, verdict: MiscExitStatus.Verdict) async {
        let probe = MiscProbe(arguments: ["/bin/sh", "-c", "exit \(status)"], timeout: .seconds(5))
        #expect(await probe.run().detail == status)
        let outcome = await probe.check(dynamic: dynamic)
        #expect((outcome.detail ?? .failure) == verdict)
        if verdict == .failure { #expect(outcome.summary == "exit status \(status)") }
    }

    @Test("a hanging script is killed at misc_timeout and reaped, with its children")
    func hangingScript() async throws {
        let pidFile = "/tmp/lvs-health-misc-\(UInt32.random(in: 0...UInt32.max))"
        defer { _ = try? TextFile.remove(pidFile) }
        let script = "sleep 60 & echo $$ $! > \(pidFile); wait"
        let probe = MiscProbe(arguments: ["/bin/sh", "-c", script], timeout: .seconds(1))
        var outcome: ProbeOutcome<Int32>?
        let seconds = await TestSupport.elapsed { outcome = await probe.run() }
        #expect(outcome?.summary == "killed after misc_timeout 1 s")
        #expect(seconds >= 0.95 && seconds < 2, "took \(seconds) s")
        let pidText = try #require(try TextFile.read(pidFile))
        let pids = pidText.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
        #expect(pids.count == 2)
        // The script (our child) must be reaped by us; its `sleep` (a grandchild) must be dead:
        // once orphaned it is init's to reap, which may take a moment on a busy machine.
        if pids.count == 2 {
            #expect(await Self.goneOrReaped(pids[0]), "the script \(pids[0]) still there")
            #expect(await Self.goneOrReaped(pids[1], zombieCounts: true), "its child \(pids[1]) still running")
        }
    }

    @Test("a script that leaves a child in the background ends the check when it exits")
    func backgroundChild() async throws {
        let pidFile = "/tmp/lvs-health-misc-\(UInt32.random(in: 0...UInt32.max))"
        defer { _ = try? TextFile.remove(pidFile) }
        let probe = MiscProbe(
            arguments: ["/bin/sh", "-c", "sleep 30 & echo $! > \(pidFile); exit 0"],
            timeout: .seconds(5))
        var outcome: ProbeOutcome<Int32>?
        let seconds = await TestSupport.elapsed { outcome = await probe.run() }
        #expect(outcome?.detail == 0)
        #expect(seconds < 2, "took \(seconds) s")
        let text = try TextFile.read(pidFile) ?? ""
        if let pid = text.split(whereSeparator: \.isWhitespace).first.flatMap({ Int32($0) }) {
            ProcessGroupSignal.send(ProcessGroupSignal.kill, toGroup: pid)
            _ = kill(pid, SIGKILL)
        }
    }

    @Test("a program that does not exist cannot run")
    func missingProgram() async {
        let outcome = await MiscProbe(arguments: ["/nonexistent/check"], timeout: .seconds(2)).run()
        #expect(outcome.summary.hasPrefix("cannot run"))
    }

    @Test("misc_path is split as keepalived splits it")
    func splitting() {
        #expect(MiscCommandLine.split("/bin/check  a 'b c' \"d e\"f") == ["/bin/check", "a", "b c", "d ef"])
        #expect(MiscCommandLine.split(#"x\ y \x41\102\t"#) == ["x y", "AB\t"])
        #expect(MiscCommandLine.split("'open") == nil)
        #expect(MiscCommandLine.split("") == [])
    }

    /// No process with `pid`, or not one of ours: a zombie would still be listed with state Z.
    static func goneOrReaped(_ pid: Int32, zombieCounts: Bool = false) async -> Bool {
        for _ in 0..<40 {
            guard let stat = try? ProcFile.read("/proc/\(pid)/stat") else { return true }
            if zombieCounts && stat.contains(") Z") { return true }
            if !stat.contains(") Z") && !stat.contains(") S") && !stat.contains(") R") { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}
