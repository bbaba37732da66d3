import Foundation
import IPVSAdm
import LVSCore
import LVSTestSupport
import LVSVocabulary
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// node_exporter's own IPVS fixtures (Fixtures/node_exporter, from its v1.5.0 repository): our
/// procfs files for the same table, read by Debian's node_exporter, give its expected metrics.
@Suite("node_exporter comparison")
struct NodeExporterComparisonTests {
    static let directory = RepositoryPaths.fixtures.appendingPathComponent("node_exporter")
    static let binary = "/usr/bin/prometheus-node-exporter"

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func tunnel(_ address: String, weight: Int32, active: UInt32, inactive: UInt32) -> DestinationSnapshot {
        DestinationSnapshot(
            config: DestinationConfig(
                key: DestinationKey(address: InetAddress(address)!, port: 3306), forward: .tunnel, weight: weight),
            activeConnections: active, inactiveConnections: inactive)
    }

    static func service(_ key: ServiceKey, _ destinations: [DestinationSnapshot]) -> ServiceSnapshot {
        ServiceSnapshot(config: ServiceConfig(key: key, scheduler: "wlc"), destinations: destinations)
    }

    /// The table of node_exporter's proc/net/ip_vs and ip_vs_stats.
    static func fixtureTable() -> (TableSnapshot, TrafficCounters, TrafficRates) {
        let table = TableSnapshot(services: [
            service(
                .address(.tcp, InetAddress("192.168.0.22")!, 3306),
                [
                    tunnel("192.168.82.22", weight: 100, active: 248, inactive: 2),
                    tunnel("192.168.83.24", weight: 100, active: 248, inactive: 2),
                    tunnel("192.168.83.21", weight: 100, active: 248, inactive: 1),
                ]),
            service(
                .address(.tcp, InetAddress("192.168.0.57")!, 3306),
                [
                    tunnel("192.168.84.22", weight: 0, active: 0, inactive: 0),
                    tunnel("192.168.82.21", weight: 100, active: 1499, inactive: 0),
                    tunnel("192.168.50.21", weight: 100, active: 1498, inactive: 0),
                ]),
            service(
                .address(.tcp, InetAddress("192.168.0.55")!, 3306),
                [
                    tunnel("192.168.50.26", weight: 0, active: 0, inactive: 0),
                    tunnel("192.168.49.32", weight: 100, active: 0, inactive: 0),
                ]),
            service(
                .fwmark(0x1000_1000, .inet),
                [
                    tunnel("192.168.50.26", weight: 20, active: 64, inactive: 1),
                    tunnel("192.168.49.32", weight: 100, active: 321, inactive: 5),
                ]),
        ])
        var counters = TrafficCounters()
        counters.connections = 0x16A_A370
        counters.inPackets = 0xE336_56E5
        counters.inBytes = 0x51D8_C888_3AB3
        var rates = TrafficRates()
        rates.cps = 4
        rates.inPPS = 0x1_FB3C
        rates.inBPS = 0x128_2A8F
        return (table, counters, rates)
    }

    static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    static func trailingSpacesTrimmed(_ line: Substring) -> Substring {
        var end = line.endIndex
        while end > line.startIndex && line[line.index(before: end)] == " " { end = line.index(before: end) }
        return line[..<end]
    }

    @Test func ourFilesForTheFixtureTable() throws {
        let (table, counters, rates) = Self.fixtureTable()
        #expect(ProcNetIPVSFormatter.stats(counters, rates) == (try Self.fixture("proc/net/ip_vs_stats")))
        let ours = Self.lines(ProcNetIPVSFormatter.services(table))
        let theirs = Self.lines(try Self.fixture("proc/net/ip_vs"))
        #expect(ours.count == theirs.count)
        for (a, b) in zip(ours, theirs) {
            if b.hasPrefix("FWM ") {
                // The fixture comes from an older kernel that left two more spaces after a
                // fwmark service's scheduler; 6.1's ip_vs_info_seq_show leaves one (see
                // Fixtures/oracle/procfs). Readers split on whitespace.
                #expect(a == "FWM  10001000 wlc ")
                #expect(Self.trailingSpacesTrimmed(a) == Self.trailingSpacesTrimmed(b))
            } else {
                #expect(a == b)
            }
        }
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: binary),
            "needs prometheus-node-exporter (Debian package prometheus-node-exporter)"))
    func nodeExporterReadsOurFiles() async throws {
        let (table, counters, rates) = Self.fixtureTable()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lvs-procfs-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let net = root.appendingPathComponent("net")
        try FileManager.default.createDirectory(at: net, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try ProcNetIPVSFormatter.services(table).write(
            to: net.appendingPathComponent("ip_vs"), atomically: true, encoding: .utf8)
        try ProcNetIPVSFormatter.stats(counters, rates).write(
            to: net.appendingPathComponent("ip_vs_stats"), atomically: true, encoding: .utf8)

        let port = 20_000 + Int(getpid() % 20_000)
        let exporter = Process()
        exporter.executableURL = URL(fileURLWithPath: Self.binary)
        exporter.arguments = [
            "--path.procfs=\(root.path)", "--collector.disable-defaults", "--collector.ipvs",
            "--web.listen-address=127.0.0.1:\(port)",
        ]
        exporter.standardOutput = FileHandle.nullDevice
        exporter.standardError = FileHandle.nullDevice
        try exporter.run()
        defer {
            exporter.terminate()
            exporter.waitUntilExit()
        }
        // Readiness only: node_exporter listens within a moment of starting.
        var metrics: String?
        for _ in 0..<100 where metrics == nil && exporter.isRunning {
            if let (data, _) = try? await URLSession.shared.data(
                from: URL(string: "http://127.0.0.1:\(port)/metrics")!)
            {
                metrics = String(decoding: data, as: UTF8.self)
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let text = try #require(metrics, "node_exporter did not answer on 127.0.0.1:\(port)")
        let ipvs = Self.lines(text).filter { $0.contains("node_ipvs_") }.map { $0 + "\n" }.joined()
        print("node_exporter's metrics for our procfs files:\n" + ipvs)
        #expect(text.contains("node_scrape_collector_success{collector=\"ipvs\"} 1"))
        #expect(ipvs == (try Self.fixture("ip_vs_result.txt")))
    }
}
