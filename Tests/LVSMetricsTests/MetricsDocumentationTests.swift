import Foundation
import LVSCore
import LVSMetrics
import LVSTestSupport
import Testing

/// The committed dashboard and docs/metrics.md name only metrics the director emits, and the
/// docs name every one it emits.
@Suite struct MetricsDocumentationTests {
    /// Every family a forwarding director with a sync daemon emits, and lvs keepalived's.
    static var emitted: Set<String> {
        let observation = DirectorObservation(
            table: PrometheusExpositionTests.fixtureTable, totals: PrometheusExpositionTests.fixtureTotals,
            workers: [
                WorkerObservation(connectionLimit: 10, drops: ["no_service": 1], passes: ["not_ours": 1])
            ], kernelGuard: true,
            syncCounters: [
                "sent_messages": 1, "sent_entries": 1, "send_errors": 1, "outbox_drops": 1, "received_messages": 1,
                "received_entries": 1, "received_unusable_entries": 1, "received_drops": 1,
            ], answeredAddresses: [])
        let text =
            String(decoding: PrometheusExposition.render(observation), as: UTF8.self)
            + String(decoding: KeepalivedExposition.render(KeepalivedExpositionTests.observation), as: UTF8.self)
        return Set(
            text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { String($0.split(separator: " ")[2]) })
    }

    static func names(in text: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: #"\b(node_ipvs|lvs|keepalived)_[a-z_]+[a-z]"#)
        let range = NSRange(text.startIndex..., in: text)
        return Set(pattern.matches(in: text, range: range).map { String(text[Range($0.range, in: text)!]) })
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOf: RepositoryPaths.root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func dashboardQueriesOnlyEmittedMetrics() throws {
        let dashboard = try Self.read("docs/grafana/swiftlvs.json")
        let json = try JSONSerialization.jsonObject(with: Data(dashboard.utf8)) as? [String: Any]
        let panels = try #require(json?["panels"] as? [[String: Any]])
        let exprs = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        let used = Self.names(in: exprs.joined(separator: "\n"))
        #expect(used.count >= 15)
        #expect(used.subtracting(Self.emitted).isEmpty, "not emitted: \(used.subtracting(Self.emitted).sorted())")
    }

    @Test func docsNameEveryEmittedMetric() throws {
        let documented = Self.names(in: try Self.read("docs/metrics.md"))
        let emitted = Self.emitted
        #expect(emitted.count >= 25)
        #expect(emitted.subtracting(documented).isEmpty, "undocumented: \(emitted.subtracting(documented).sorted())")
    }

    @Test func docsNameEveryKeepalivedMetric() throws {
        let text = String(decoding: KeepalivedExposition.render(KeepalivedExpositionTests.observation), as: UTF8.self)
        let emitted = Set(
            text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { String($0.split(separator: " ")[2]) })
        let docs = try Self.read("docs/metrics.md")
        let undocumented = emitted.filter { !docs.contains("`\($0)`") }
        #expect(emitted.count >= 20)
        #expect(undocumented.isEmpty, "undocumented: \(undocumented.sorted())")
    }
}
