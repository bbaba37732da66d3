import LVSKeepalived
import Testing

/// quorum and hysteresis over the live weight, and the sorry server (ipwrapper.c update_quorum_state).
@Suite struct LifecycleQuorumTests {
    static let quorumSettings = ["quorum 3", "hysteresis 1", "sorry_server 198.18.1.99 80"]
    static let config =
        virtualServerBlock(
            "198.18.1.100", settings: quorumSettings,
            servers: [(1, 2, []), (2, 1, []), (3, 1, [])])
        + virtualServerBlock(
            "198.18.1.101", settings: quorumSettings + ["sorry_server_inhibit"],
            servers: [(1, 2, []), (2, 1, []), (3, 1, [])])

    @Test func quorumIsLostBelowQuorumMinusHysteresisAndRegainedAtQuorumPlusHysteresis() throws {
        let harness = try LifecycleHarness(Self.config)
        try harness.allPass()
        let all =
            "TCP  198.18.1.100:80 rr\n" + ipvsadmRow("198.18.1.11:80", "Route", 2)
            + ipvsadmRow("198.18.1.12:80", "Route", 1) + ipvsadmRow("198.18.1.13:80", "Route", 1)
            + "TCP  198.18.1.101:80 rr\n" + ipvsadmRow("198.18.1.11:80", "Route", 2)
            + ipvsadmRow("198.18.1.12:80", "Route", 1) + ipvsadmRow("198.18.1.13:80", "Route", 1)
            + ipvsadmRow("198.18.1.99:80", "Route", 0)
        #expect(try harness.list() == ipvsadmList(all))

        // Live weight 2 = quorum - hysteresis: kept.
        try harness.report("198.18.1.11", success: false)
        #expect(
            try harness.list()
                == ipvsadmList(
                    "TCP  198.18.1.100:80 rr\n" + ipvsadmRow("198.18.1.12:80", "Route", 1)
                        + ipvsadmRow("198.18.1.13:80", "Route", 1)
                        + "TCP  198.18.1.101:80 rr\n" + ipvsadmRow("198.18.1.12:80", "Route", 1)
                        + ipvsadmRow("198.18.1.13:80", "Route", 1) + ipvsadmRow("198.18.1.99:80", "Route", 0)))

        // Live weight 1: lost; the sorry server replaces the rest.
        harness.logs.removeAll()
        try harness.report("198.18.1.12", success: false)
        let sorryOnly =
            "TCP  198.18.1.100:80 rr\n" + ipvsadmRow("198.18.1.99:80", "Route", 1)
            + "TCP  198.18.1.101:80 rr\n" + ipvsadmRow("198.18.1.99:80", "Route", 1)
        #expect(try harness.list() == ipvsadmList(sorryOnly))
        #expect(harness.logs.contains("Lost quorum 3-1=2 > 1 for VS [198.18.1.100]:tcp:80"))
        #expect(harness.logs.contains("Adding sorry server [198.18.1.99]:tcp:80 to VS [198.18.1.100]:tcp:80"))
        #expect(harness.logs.contains("Enabling sorry server [198.18.1.99]:tcp:80 to VS [198.18.1.101]:tcp:80"))

        // Live weight 2 < quorum + hysteresis: still lost.
        try harness.report("198.18.1.12", success: true)
        #expect(try harness.list() == ipvsadmList(sorryOnly))
        #expect(harness.lifecycle.status.virtualServers.map(\.quorumUp) == [false, false])

        // Live weight 4: regained; the live servers come back.
        harness.logs.removeAll()
        try harness.report("198.18.1.11", success: true)
        #expect(try harness.list() == ipvsadmList(all))
        #expect(harness.logs.contains("Gained quorum 3+1=4 <= 4 for VS [198.18.1.100]:tcp:80"))
        #expect(harness.logs.contains("Removing sorry server [198.18.1.99]:tcp:80 from VS [198.18.1.100]:tcp:80"))
        #expect(harness.logs.contains("Disabling sorry server [198.18.1.99]:tcp:80 from VS [198.18.1.101]:tcp:80"))
        #expect(harness.logs.contains("Adding alive servers to the pool for VS [198.18.1.100]:tcp:80"))
    }

    @Test func withoutSorryServerLosingQuorumLeavesTheServers() throws {
        let config = virtualServerBlock(
            "198.18.1.100", settings: ["quorum 2"],
            servers: [(1, 1, []), (2, 1, []), (3, 1, [])])
        let harness = try LifecycleHarness(config)
        try harness.allPass()
        try harness.report("198.18.1.11", success: false)
        try harness.report("198.18.1.12", success: false)
        #expect(
            try harness.list()
                == ipvsadmList("TCP  198.18.1.100:80 rr\n" + ipvsadmRow("198.18.1.13:80", "Route", 1)))
        #expect(harness.logs.contains("Lost quorum 2-0=2 > 1 for VS [198.18.1.100]:tcp:80"))
    }
}
