import LVSCore
import LVSKeepalived
import Testing

/// Whatever the checkers say and however the configuration changes, every batch the lifecycle
/// asks for applies to the table (keepalived's view of the kernel never drifts from it).
@Suite struct LifecycleRobustnessTests {
    /// A small deterministic generator (SplitMix64), so a failure replays.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let configurations: [String] = [
        LifecycleQuorumTests.config,
        LifecycleMiscDynamicTests.config,
        LifecycleNotifyTests.config,
        LifecycleGroupTests.config(LifecycleGroupTests.entries),
        LifecycleGroupTests.config("    198.18.1.51-53 80\n    fwmark 9"),
        LifecycleReloadTests.first,
        LifecycleReloadTests.second,
        virtualServerBlock(
            "198.18.1.100",
            settings: [
                "alpha", "inhibit_on_failure", "quorum 2", "hysteresis 1",
                "sorry_server 198.18.1.99 80", "sorry_server_inhibit",
            ],
            servers: [(1, 2, []), (2, 1, ["weight 0"]), (3, 1, [])]),
        virtualServerBlock(
            "198.18.1.100", settings: ["quorum 5", "hysteresis 9", "sorry_server 198.18.1.98 80"],
            servers: [(1, 3, []), (2, 1, ["inhibit_on_failure"])]),
    ]

    @Test(arguments: 0..<24)
    func randomEventsAlwaysGiveBatchesTheTableAccepts(seed: Int) throws {
        var random = Generator(state: UInt64(seed))
        let harness = try LifecycleHarness(Self.configurations[seed % Self.configurations.count])
        for _ in 0..<300 {
            let keys = harness.lifecycle.checkerKeys
            if Int.random(in: 0..<40, using: &random) == 0 {
                try harness.reload(Self.configurations.randomElement(using: &random)!)
            } else if let key = keys.randomElement(using: &random) {
                let success = Bool.random(using: &random)
                let weight: UInt32? = Bool.random(using: &random) ? UInt32.random(in: 0...260, using: &random) : nil
                try harness.perform(harness.lifecycle.checkerResult(key, success: success, dynamicWeight: weight))
            }
            try checkStatusAgreesWithTable(harness)
        }
        try harness.stop()
        // Everything keepalived added is gone again.
        #expect(try harness.list() == ipvsadmList(""))
    }

    /// Every real server the status calls in-table is in the table (under each of its services).
    func checkStatusAgreesWithTable(_ harness: LifecycleHarness) throws {
        let snapshot = try harness.control.snapshot(includeConnections: false)
        let listed = Set(
            snapshot.services.flatMap { service in
                service.destinations.map { "\($0.config.key.address)" }
            })
        for vs in harness.lifecycle.status.virtualServers {
            for rs in vs.realServers where rs.inTable {
                #expect(listed.contains("\(rs.key.address)"), "\(rs.name) of \(vs.name) should be in the table")
            }
        }
    }

    @Test func hugeRangesAreCut() throws {
        let harness = try LifecycleHarness(LifecycleGroupTests.config("    10.0.0.0/8 80"))
        let snapshot = try harness.control.snapshot(includeConnections: false)
        #expect(snapshot.services.count == 65536)
    }
}
