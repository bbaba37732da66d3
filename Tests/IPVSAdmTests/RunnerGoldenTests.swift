import Foundation
import IPVSAdm
import LVSCore
import LVSVocabulary
import Testing

/// Every oracle fixture of the command-line error group, replayed against an in-memory
/// director, must print exactly what real ipvsadm 1.31 printed.
@Suite struct RunnerGoldenTests {
    static let fixtures = FixtureFiles.scripts(in: "cli-errors")

    @Test func thereAreFixtures() {
        #expect(Self.fixtures.count >= 9)
    }

    @Test(arguments: fixtures)
    func replaysLikeTheOracle(_ fixture: String) throws {
        let script = try FixtureFiles.read(fixture + ".sh")
        let expected = try FixtureFiles.read(fixture + ".out")
        let runner = IPVSAdmRunner(control: InMemoryIPVSControl(), resolver: NumericOnlyResolver())
        let actual = try RunnerFixtureScript(runner: runner).run(script)
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            Issue.record(
                """
                \(fixture): first difference at output line \(first + 1)
                  expected: \(first < e.count ? String(e[first]) : "<end>")
                  actual:   \(first < a.count ? String(a[first]) : "<end>")
                """)
        }
    }
}

/// Fixtures whose output includes listings (-S, -L): they check what the parser sends through
/// the real formatter and schedulers, so they run once those are present.
@Suite struct RunnerSemanticsGoldenTests {
    static let fixtures = FixtureFiles.scripts(in: "cli-semantics")

    /// True once IPVSAdmFormatter prints and the schedulers the fixtures use are registered.
    static var listingReady: Bool {
        let key = ServiceKey.address(.tcp, InetAddress(v4: 0xC612_0001), 80)
        let snapshot = TableSnapshot(services: [ServiceSnapshot(config: ServiceConfig(key: key, scheduler: "rr"))])
        let printed = IPVSAdmFormatter.save(snapshot, numeric: true, service: nil, resolver: NumericOnlyResolver())
        return !printed.isEmpty && ["wlc", "sh", "mh", "rr"].allSatisfy { SchedulerRegistry.type(named: $0) != nil }
    }

    @Test func thereAreFixtures() {
        #expect(Self.fixtures.count >= 4)
    }

    @Test(.enabled(if: listingReady), arguments: fixtures)
    func replaysLikeTheOracle(_ fixture: String) throws {
        let script = try FixtureFiles.read(fixture + ".sh")
        let expected = try FixtureFiles.read(fixture + ".out")
        let runner = IPVSAdmRunner(control: InMemoryIPVSControl(), resolver: NumericOnlyResolver())
        let actual = try RunnerFixtureScript(runner: runner).run(script)
        #expect(actual == expected, "\(fixture)")
    }
}
