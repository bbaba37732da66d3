import Foundation
import LVSTestSupport
import Testing

/// Runs every committed ipvsadm oracle script (Fixtures/oracle/cli-*/NAME.sh) against a real
/// `lvs director` with our `ipvsadm`, and compares the bytes with what the real ipvsadm 1.31
/// on the real kernel printed (NAME.out). Scripts that need real traffic are left to the
/// data-plane suites.
@Suite struct OracleFixtureTests {
    static func cliFixtures() -> [String] {
        let fm = FileManager.default
        guard let groups = try? fm.contentsOfDirectory(atPath: RepositoryPaths.oracleFixtures.path) else { return [] }
        var names: [String] = []
        for g in groups.sorted() where g.hasPrefix("cli-") {
            let dir = RepositoryPaths.oracleFixtures.appendingPathComponent(g)
            for f in (try? fm.contentsOfDirectory(atPath: dir.path))?.sorted() ?? [] where f.hasSuffix(".sh") {
                let text = (try? String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)) ?? ""
                if !runsSafelyOnHost(text) { continue }
                names.append("\(g)/\(f.dropLast(3))")
            }
        }
        return names
    }

    @Test(arguments: cliFixtures())
    func matchesOracle(_ name: String) throws {
        let lvs = try #require(LVSBinary.url, "lvs binary not built")
        let fixture = RepositoryPaths.oracleFixtures.appendingPathComponent(name)
        let script = try String(contentsOf: fixture.appendingPathExtension("sh"), encoding: .utf8)
        let expectedRaw = try String(contentsOf: fixture.appendingPathExtension("out"), encoding: .utf8)
        let director = try DirectorProcess(lvs: lvs)
        defer { director.stop() }
        let got = normalizeNoSortSections(try director.runScript(script))
        let expected = normalizeNoSortSections(expectedRaw)
        if got != expected {
            Issue.record("\(name): output differs from the oracle\n\(lineDiff(expected: expected, got: got))")
        }
    }

    @Test func fixturesExist() {
        #expect(Self.cliFixtures().count > 0)
    }
}

/// The scripts run on this host, not in the oracle's VM: anything that needs traffic or
/// touches the system (name databases, sysctls, /proc) stays VM-only. `ip` is stubbed out.
func runsSafelyOnHost(_ script: String) -> Bool {
    let vmOnly = ["VM ONLY", "netns", "wget", "httpd", "/etc/", "/proc/", "sysctl", "modprobe", "insmod"]
    return !vmOnly.contains { script.contains($0) }
}

/// `--nosort` prints services in the kernel's hash-table order, and the kernel mixes bits of a
/// per-boot pointer into that hash (the oracle's order changes from boot to boot). So in
/// sections headed `== ipvsadm ... --nosort` the service blocks are compared as a set.
func normalizeNoSortSections(_ text: String) -> String {
    var out: [String] = []
    var blocks: [[String]] = []
    var inNoSort = false
    func flush() {
        out += blocks.sorted { $0.joined(separator: "\n") < $1.joined(separator: "\n") }.flatMap { $0 }
        blocks = []
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        if line.hasPrefix("== ") {
            flush()
            inNoSort = line.contains("--nosort")
            out.append(line)
        } else if inNoSort
            && (line.hasPrefix("TCP ") || line.hasPrefix("UDP ") || line.hasPrefix("SCTP ") || line.hasPrefix("FWM "))
        {
            blocks.append([line])
        } else if inNoSort && line.hasPrefix("  -> ") && !blocks.isEmpty && !line.hasPrefix("  -> RemoteAddress") {
            blocks[blocks.count - 1].append(line)
        } else {
            flush()
            out.append(line)
        }
    }
    flush()
    return out.joined(separator: "\n")
}

/// The first differing lines, for a readable failure.
func lineDiff(expected: String, got: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let g = got.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(e.count, g.count) {
        let a = i < e.count ? String(e[i]) : "<none>"
        let b = i < g.count ? String(g[i]) : "<none>"
        if a != b { out.append("line \(i + 1):\n  oracle: \(a.debugDescription)\n  ours:   \(b.debugDescription)") }
        if out.count >= 8 { break }
    }
    return out.joined(separator: "\n")
}
