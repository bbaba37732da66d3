import Foundation
import LVSTestSupport
import Testing

/// dist/systemd's units pass `systemd-analyze verify` without a word (an unknown key or a bad
/// value is only a warning there, so any output fails the test), with /usr/local/bin/lvs
/// pointing at the built binary.
@Suite struct SystemdUnitTests {
    static let analyzer = "/usr/bin/systemd-analyze"
    static let units = ["lvs-director.service", "lvs-keepalived.service", "lvs-realserver.service"]

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: analyzer),
            "needs systemd-analyze (Debian package systemd)"))
    func unitsVerify() throws {
        let lvs = try #require(LVSBinary.url, "lvs binary not built")
        let source = RepositoryPaths.root.appendingPathComponent("dist/systemd")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lvs-units-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for unit in Self.units {
            let text = try String(contentsOf: source.appendingPathComponent(unit), encoding: .utf8)
            #expect(text.contains("ExecStart=/usr/local/bin/lvs "))
            try text.replacingOccurrences(of: "/usr/local/bin/lvs", with: lvs.path).write(
                to: directory.appendingPathComponent(unit), atomically: true, encoding: .utf8)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.analyzer)
        process.arguments = ["verify"] + Self.units.map { directory.appendingPathComponent($0).path }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.isEmpty, "systemd-analyze verify said: \(output)")
    }

    @Test func unitsRunWithoutFullRootWhereTheyCan() throws {
        let source = RepositoryPaths.root.appendingPathComponent("dist/systemd")
        for unit in ["lvs-director.service", "lvs-realserver.service"] {
            let text = try String(contentsOf: source.appendingPathComponent(unit), encoding: .utf8)
            #expect(text.contains("\nDynamicUser=yes\n"), "\(unit)")
            #expect(text.contains("\nAmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW\n"), "\(unit)")
            #expect(text.contains("\nCapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW\n"), "\(unit)")
        }
        let realserver = try String(
            contentsOf: source.appendingPathComponent("lvs-realserver.service"), encoding: .utf8)
        #expect(realserver.contains("\nType=oneshot\n") && realserver.contains("\nRemainAfterExit=yes\n"))
    }
}
